using System.Diagnostics;
using System.IO.Compression;
using CallGraph.Cli;

namespace CallGraph.Cli.Tests.Commands;

/// <summary>The same CDRs as CSV, renamed gzip, gzip on standard input, or a folder or glob of parts: identical outputs.</summary>
public sealed class InputFormsCommandTests : CliTestFolder
{
    public InputFormsCommandTests() : base("callgraph-inputs-") { }

    /// <summary>Runs the real command in a child process with <paramref name="stdin"/> piped to it.</summary>
    private static (int Code, string Err) RunWithStdin(byte[] stdin, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardInput = true, RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add(typeof(CliApp).Assembly.Location);
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.StandardInput.BaseStream.Write(stdin);
        process.StandardInput.Close();
        Assert.True(process.WaitForExit(120_000), "timed out");
        return (process.ExitCode, stderr.Result + stdout.Result);
    }

    private static byte[] Gzip(byte[] bytes)
    {
        var output = new MemoryStream();
        using (var gz = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true)) gz.Write(bytes);
        return output.ToArray();
    }

    /// <summary>Every output file byte for byte; summary.json with the input names put aside.</summary>
    private static void AssertSameOutputs(string expected, string actual, string expectedName, string actualName)
    {
        var files = Directory.GetFiles(expected).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(files, Directory.GetFiles(actual).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray());
        Assert.Contains("members.csv", files);
        foreach (var f in files)
        {
            var a = File.ReadAllBytes(Path.Combine(expected, f!));
            var b = File.ReadAllBytes(Path.Combine(actual, f!));
            if (f == "summary.json")
            {
                Assert.Equal(Strip(File.ReadAllText(Path.Combine(expected, f)), expectedName), Strip(File.ReadAllText(Path.Combine(actual, f)), actualName));
                continue;
            }
            Assert.True(a.AsSpan().SequenceEqual(b), $"{f} differs between {expected} and {actual}");
        }
    }

    private static string Strip(string json, string name) =>
        System.Text.RegularExpressions.Regex.Replace(json.Replace(System.Text.Json.JsonEncodedText.Encode(name).ToString(), "INPUT", StringComparison.Ordinal),
            "\"(elapsed|seconds|rows_per_second|mb_per_second)[a-z_]*\": [0-9.eE+-]+", "\"$1\": 0");

    [Fact]
    public void The_same_CDRs_as_CSV_renamed_gzip_and_plain_or_gzip_on_stdin_give_byte_identical_outputs()
    {
        string world = Path.Combine(Root, "world");
        Assert.Equal(0, Run("generate", "--out", world, "--cdrs", "20000", "--seed", "8").Code);
        string csv = Path.Combine(world, "cdr.csv");
        string members = Path.Combine(world, "members.csv");
        var gz = Gzip(File.ReadAllBytes(csv));
        string renamed = Path.Combine(Root, "cdr-dump.dat");
        File.WriteAllBytes(renamed, gz);

        string outCsv = Path.Combine(Root, "out-csv"), outRenamed = Path.Combine(Root, "out-renamed"), outStdin = Path.Combine(Root, "out-stdin");
        var a = Run("analyze", "--cdr", csv, "--members", members, "--out", outCsv);
        Assert.True(a.Code == 0, a.Err);
        var b = Run("analyze", "--cdr", renamed, "--members", members, "--out", outRenamed);
        Assert.True(b.Code == 0, b.Err);
        var c = RunWithStdin(gz, "analyze", "--cdr", "-", "--members", members, "--out", outStdin);
        Assert.True(c.Code == 0, c.Err);
        string outPlainStdin = Path.Combine(Root, "out-stdin-plain");
        var d = RunWithStdin(File.ReadAllBytes(csv), "analyze", "--cdr", "-", "--members", members, "--out", outPlainStdin);
        Assert.True(d.Code == 0, d.Err);
        AssertSameOutputs(outCsv, outRenamed, csv, renamed);
        AssertSameOutputs(outCsv, outStdin, csv, "stdin");
        AssertSameOutputs(outCsv, outPlainStdin, csv, "stdin");

        // A cut gzip on standard input: one line naming it, exit 1.
        var cut = RunWithStdin(gz[..(gz.Length / 2)], "analyze", "--cdr", "-", "--members", members, "--out", Path.Combine(Root, "out-cut"));
        Assert.Equal(1, cut.Code);
        Assert.StartsWith("callgraph: stdin: corrupt or truncated gzip data", cut.Err);
        Assert.Single(cut.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.StartsWith("callgraph:", StringComparison.Ordinal));
    }

    [Fact]
    public void A_named_pipe_plain_or_gzip_reads_like_the_file()
    {
        if (!OperatingSystem.IsLinux()) return;
        // `--cdr <(zcat dump.gz)` hands the tool a pipe that can be read once: nothing may look at it before the reader.
        string world = Path.Combine(Root, "world");
        Assert.Equal(0, Run("generate", "--out", world, "--cdrs", "5000", "--seed", "4").Code);
        string csv = Path.Combine(world, "cdr.csv");
        string members = Path.Combine(world, "members.csv");
        string outFile = Path.Combine(Root, "out-file");
        var expected = Run("analyze", "--cdr", csv, "--members", members, "--out", outFile);
        Assert.True(expected.Code == 0, expected.Err);
        foreach (var (label, bytes) in new[] { ("plain", File.ReadAllBytes(csv)), ("gzip", Gzip(File.ReadAllBytes(csv))) })
        {
            string fifo = Path.Combine(Root, "cdr-" + label + ".pipe");
            using (var mk = Process.Start("mkfifo", [fifo])) mk.WaitForExit();
            // The writer blocks until the run opens the pipe, as a shell's process substitution does.
            string? writeFailure = null;
            var writer = new Thread(() =>
            {
                try
                {
                    using var pipe = new FileStream(fifo, FileMode.Open, FileAccess.Write);
                    pipe.Write(bytes);
                }
                catch (IOException ex)
                {
                    writeFailure = ex.Message; // the run closed the pipe before reading it all
                    // If it opens the pipe again, let it see an empty input rather than wait for ever.
                    using (new FileStream(fifo, FileMode.Open, FileAccess.Write)) { }
                }
            });
            writer.Start();
            string outPipe = Path.Combine(Root, "out-" + label);
            var actual = Run("analyze", "--cdr", fifo, "--members", members, "--out", outPipe);
            Assert.True(writer.Join(TimeSpan.FromSeconds(60)), label + ": the writer never finished");
            Assert.Null(writeFailure);
            Assert.True(actual.Code == 0, label + ": " + actual.Err);
            AssertSameOutputs(outFile, outPipe, csv, fifo);
        }
    }

    [Fact]
    public void A_folder_or_a_glob_reads_its_files_in_name_order()
    {
        string world = Path.Combine(Root, "world");
        Assert.Equal(0, Run("generate", "--out", world, "--cdrs", "5000", "--seed", "3").Code);
        var lines = File.ReadAllLines(Path.Combine(world, "cdr.csv"));
        string parts = Path.Combine(Root, "parts");
        Directory.CreateDirectory(parts);
        int half = lines.Length / 2;
        // Written out of name order; b is gzip under a plain name.
        File.WriteAllLines(Path.Combine(parts, "c.csv"), lines.Take(1).Concat(lines.Skip(half)));
        File.WriteAllBytes(Path.Combine(parts, "a.csv"), Gzip(System.Text.Encoding.UTF8.GetBytes(string.Join('\n', lines.Take(half / 2 + 1)) + "\n")));
        File.WriteAllLines(Path.Combine(parts, "b.csv"), lines.Take(1).Concat(lines.Skip(half / 2 + 1).Take(half - half / 2 - 1)));
        string members = Path.Combine(world, "members.csv");
        var folder = Run("analyze", "--cdr", parts, "--members", members, "--out", Path.Combine(Root, "out-folder"));
        Assert.True(folder.Code == 0, folder.Err);
        var glob = Run("analyze", "--cdr", Path.Combine(parts, "*.csv"), "--members", members, "--out", Path.Combine(Root, "out-glob"));
        Assert.True(glob.Code == 0, glob.Err);
        var single = Run("analyze", "--cdr", Path.Combine(world, "cdr.csv"), "--members", members, "--out", Path.Combine(Root, "out-one"));
        Assert.True(single.Code == 0, single.Err);
        foreach (var name in new[] { "members.csv", "groups.csv", "prospects.csv", "potential-members.csv" })
        {
            var expected = File.ReadAllBytes(Path.Combine(Root, "out-one", name));
            Assert.True(expected.AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(Root, "out-folder", name))), name);
            Assert.True(expected.AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(Root, "out-glob", name))), name);
        }
        Assert.Equal(["a.csv", "b.csv", "c.csv"], CallGraph.Cli.Infrastructure.CdrReadingOptions.Sources([new FileInfo(parts)]).Select(s => Path.GetFileName(s.Name)));
        Assert.Equal(["a.csv", "b.csv", "c.csv"], CallGraph.Cli.Infrastructure.CdrReadingOptions.Sources([new FileInfo(Path.Combine(parts, "?.csv"))]).Select(s => Path.GetFileName(s.Name)));
        var none = Run("analyze", "--cdr", Path.Combine(parts, "*.tsv"), "--members", members, "--out", Path.Combine(Root, "out-none"));
        Assert.Equal(1, none.Code);
        Assert.Contains("no file matches", none.Err);
    }
}
