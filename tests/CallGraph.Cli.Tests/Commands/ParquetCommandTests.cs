using System.Globalization;
using CallGraph.Cli;
using Parquet;
using Parquet.Schema;

namespace CallGraph.Cli.Tests.Commands;

/// <summary>The same CDRs as CSV and as Parquet (string or int64 numbers, string or timestamp times): identical outputs.</summary>
public sealed class ParquetCommandTests : CliTestFolder
{
    public ParquetCommandTests() : base("callgraph-parquet-") { }

    private string P(string name) => Path.Combine(Root, name);

    /// <summary>Writes rows of caller,callee,start_time,duration_s,type,cell_id to Parquet, <paramref name="groupRows"/> rows a row group.</summary>
    internal static async Task WriteParquet(string path, IReadOnlyList<string[]> rows, bool intNumbers, bool timestamps, int groupRows)
    {
        DataField caller = intNumbers ? new DataField<long>("caller") : new DataField<string>("caller");
        DataField callee = intNumbers ? new DataField<long>("callee") : new DataField<string>("callee");
        DataField start = timestamps ? new DateTimeDataField("start_time", DateTimeFormat.DateAndTime, false, null, false) : new DataField<string>("start_time");
        var duration = new DataField<long>("duration_s");
        var type = new DataField<string>("type");
        var cell = new DataField<string>("cell_id");
        await using var stream = File.Create(path);
        await using var writer = await ParquetWriter.CreateAsync(new ParquetSchema(caller, callee, start, duration, type, cell), stream);
        for (int from = 0; from < rows.Count; from += groupRows)
        {
            var part = rows.Skip(from).Take(groupRows).ToList();
            using var group = writer.CreateRowGroup();
            foreach (var (field, index) in new[] { (caller, 0), (callee, 1) })
            {
                if (intNumbers) await group.WriteAsync<long>(field, part.Select(r => long.Parse(r[index], CultureInfo.InvariantCulture)).ToArray().AsMemory());
                else await group.WriteAsync(field, part.Select(r => r[index]).ToList());
            }
            if (timestamps) await group.WriteAsync<DateTime>(start, part.Select(r => DateTime.ParseExact(r[2], ["yyyyMMddHHmmss", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None)).ToArray().AsMemory());
            else await group.WriteAsync(start, part.Select(r => r[2]).ToList());
            await group.WriteAsync<long>(duration, part.Select(r => long.Parse(r[3], CultureInfo.InvariantCulture)).ToArray().AsMemory());
            await group.WriteAsync(type, part.Select(r => r[4]).ToList());
            await group.WriteAsync(cell, part.Select(r => r[5]).ToList());
        }
    }

    private static void AssertSameResults(string expected, string actual)
    {
        foreach (var name in Directory.GetFiles(expected).Select(Path.GetFileName).Where(n => n != "summary.json"))
            Assert.True(File.ReadAllBytes(Path.Combine(expected, name!)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(actual, name!))), name);
        Assert.Equal(Directory.GetFiles(expected).Length, Directory.GetFiles(actual).Length);
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(false, true)]
    [InlineData(true, true)]
    public async Task Parquet_gives_outputs_byte_identical_to_the_CSV_run(bool intNumbers, bool timestamps)
    {
        string world = P("world");
        var g = Run("generate", "--out", world, "--cdrs", "20000", "--seed", "6");
        Assert.True(g.Code == 0, g.Err);
        var lines = File.ReadAllLines(Path.Combine(world, "cdr.csv"));
        Assert.Equal("caller,callee,start_time,duration_s,type,cell_id", lines[0]);
        // int64 cannot hold a leading 0 or +: those rows are left out of both dumps.
        var rows = lines.Skip(1).Select(l => l.Split(','))
            .Where(f => !intNumbers || (f[0].All(char.IsAsciiDigit) && f[1].All(char.IsAsciiDigit) && f[0][0] != '0' && f[1][0] != '0')).ToList();
        File.WriteAllLines(P("cdr.csv"), rows.Select(r => string.Join(',', r)).Prepend(lines[0]));
        await WriteParquet(P("cdr.parquet"), rows, intNumbers, timestamps, groupRows: 4096);

        string members = Path.Combine(world, "members.csv");
        var csv = Run("analyze", "--cdr", P("cdr.csv"), "--members", members, "--rejects", P("rejects-csv.csv"), "--out", P("out-csv"));
        Assert.True(csv.Code == 0, csv.Err);
        var parquet = Run("analyze", "--cdr", P("cdr.parquet"), "--members", members, "--rejects", P("rejects-parquet.csv"), "--out", P("out-parquet"));
        Assert.True(parquet.Code == 0, parquet.Err);
        AssertSameResults(P("out-csv"), P("out-parquet"));
    }

    [Fact]
    public async Task A_cut_Parquet_file_is_one_clear_error_naming_it()
    {
        var rows = Enumerable.Range(0, 2000).Select(i => new[] { "1380000" + (i % 97).ToString("0000", CultureInfo.InvariantCulture), "18600001234", "2026-06-01 09:00:00", "60", "voice", "c1" }).ToList();
        await WriteParquet(P("whole.parquet"), rows, false, false, 500);
        var bytes = File.ReadAllBytes(P("whole.parquet"));
        File.WriteAllBytes(P("cut.parquet"), bytes[..(bytes.Length / 2)]);
        File.WriteAllLines(P("members.csv"), ["group_id,msisdn", "G,13800000001"]);
        var r = Run("analyze", "--cdr", P("cut.parquet"), "--members", P("members.csv"), "--out", P("out"));
        Assert.Equal(1, r.Code);
        var lines = r.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.Contains(P("cut.parquet"), lines[0]);
        Assert.Contains("Parquet", lines[0]);
    }
}
