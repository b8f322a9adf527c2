using System.IO.Compression;
using System.Text;
using System.Text.Json;
using CallGraph.Cli;

namespace CallGraph.Cli.Tests.Commands;

public sealed class InspectCommandTests : IDisposable
{
    private const string Header = "caller,callee,start_time,duration_s,type,cell_id\n";
    private readonly string _dir = Directory.CreateTempSubdirectory("callgraph-inspect-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string File(string name, string text) => File(name, Encoding.UTF8.GetBytes(text));

    private string File(string name, byte[] bytes)
    {
        string path = Path.Combine(_dir, name);
        System.IO.File.WriteAllBytes(path, bytes);
        return path;
    }

    private static (int Code, string Out, string Err) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = CliApp.Run(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    private static byte[] Gzip(string text)
    {
        var output = new MemoryStream();
        using (var gz = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true)) gz.Write(Encoding.UTF8.GetBytes(text));
        return output.ToArray();
    }

    [Fact]
    public void Json_summary_has_the_documented_keys_and_counts()
    {
        string a = File("a.csv", Header
            + "13800138000,13912345678,20260601081500,123,voice,46001\n"
            + "13800138000,18612345678,2026-06-01 08:16:00,0,sms,\n"
            + "13800138000,13912345678,20260601081500,123,voice,46001\n"
            + "bad,13912345678,20260601081500,1,voice,\n");
        string b = File("b.csv.gz", Gzip(Header + "13800138000,10086,20260602090000,5,voice,\n"));
        string rejects = Path.Combine(_dir, "rejects.csv");
        var (code, stdout, stderr) = Run("inspect", "--cdr", a, b, "--json", "--rejects", rejects, "--threads", "2");
        Assert.Equal("", stderr);
        Assert.Equal(0, code);
        using var doc = JsonDocument.Parse(stdout);
        var root = doc.RootElement;
        Assert.Equal(5, root.GetProperty("rows_read").GetInt64());
        Assert.Equal(3, root.GetProperty("rows_accepted").GetInt64());
        Assert.Equal(1, root.GetProperty("rows_rejected").GetInt64());
        Assert.Equal(1, root.GetProperty("duplicates").GetInt64());
        Assert.Equal(0, root.GetProperty("outside_window").GetInt64());
        Assert.Equal(1, root.GetProperty("rejects_by_reason").GetProperty("bad_number").GetInt64());
        Assert.Equal("2026-06-01T08:15:00", root.GetProperty("first_start").GetString());
        Assert.Equal("2026-06-02T09:00:00", root.GetProperty("last_start").GetString());
        Assert.Equal(4, root.GetProperty("distinct_numbers").GetInt64());
        Assert.Equal(2, root.GetProperty("on_net").GetInt64());
        Assert.Equal(1, root.GetProperty("off_net").GetInt64());
        Assert.Equal(1, root.GetProperty("service").GetInt64());
        Assert.Equal(0, root.GetProperty("unknown").GetInt64());
        Assert.True(root.GetProperty("bytes").GetInt64() > 200);
        Assert.True(root.GetProperty("seconds").GetDouble() >= 0);
        Assert.Equal(2, root.GetProperty("files").GetArrayLength());
        Assert.Equal($"file,line,column,reason,raw\n{a},5,1,bad_number,\"bad,13912345678,20260601081500,1,voice,\"\n", System.IO.File.ReadAllText(rejects));
    }

    [Fact]
    public void Text_summary_and_mapped_columns()
    {
        string path = File("dump.csv", "From,To,Datetime,Duration(seconds),Cell Tower\n13800138000,13912345678,20060601 0008,60,T1\n");
        var (code, stdout, _) = Run("inspect", "--cdr", path, "--columns", "caller=From,callee=To,start_time=Datetime,duration_s=Duration(seconds),cell_id=Cell Tower",
            "--time-format", "yyyyMMdd HHmm");
        Assert.Equal(0, code);
        Assert.Contains("accepted                        1", stdout);
        Assert.Contains("time range        2006-06-01T00:08:00 .. 2006-06-01T00:08:00", stdout);
    }

    [Fact]
    public void Home_operator_changes_the_split()
    {
        string path = File("a.csv", Header + "13800138000,18612345678,20260601081500,1,voice,\n");
        var (_, stdout, _) = Run("inspect", "--cdr", path, "--json", "--home-operator", "cucc");
        using var doc = JsonDocument.Parse(stdout);
        Assert.Equal(1, doc.RootElement.GetProperty("on_net").GetInt64());
        Assert.Equal(1, doc.RootElement.GetProperty("off_net").GetInt64());
    }

    [Fact]
    public void Prefix_and_ported_files_are_used()
    {
        string path = File("a.csv", Header + "13800138000,18612345678,20260601081500,1,voice,\n");
        string prefixes = File("prefixes.csv", "prefix,operator\n138,acme\n186,other\n");
        string ported = File("ported.csv", "msisdn,operator\n18612345678,acme\n");
        var (code, stdout, stderr) = Run("inspect", "--cdr", path, "--json", "--prefixes", prefixes, "--ported", ported, "--home-operator", "acme");
        Assert.True(code == 0, stderr);
        using var doc = JsonDocument.Parse(stdout);
        Assert.Equal(2, doc.RootElement.GetProperty("on_net").GetInt64());
    }

    [Fact]
    public void Truncated_gzip_is_one_line_and_exit_1()
    {
        var body = new StringBuilder(Header);
        for (int i = 0; i < 3000; i++) body.Append($"1380013{i:0000},13912345678,20260601081500,{i},voice,c{i}\n");
        var gz = Gzip(body.ToString());
        string path = File("cut.csv.gz", gz[..(gz.Length * 2 / 3)]);
        var (code, stdout, stderr) = Run("inspect", "--cdr", path);
        Assert.Equal(1, code);
        Assert.Equal("", stdout);
        Assert.StartsWith($"callgraph: {path}: corrupt or truncated gzip data", stderr);
        Assert.Single(stderr.TrimEnd('\n').Split('\n'));
    }

    [Fact]
    public void Binary_file_is_one_line_and_exit_1()
    {
        string path = File("a.bin", [0x7F, 0x45, 0x4C, 0x46, 0x02, 0x01, 0x00, 0x00, 0x0A, 0xFF]);
        var (code, _, stderr) = Run("inspect", "--cdr", path);
        Assert.Equal(1, code);
        Assert.Equal($"callgraph: {path}:1: not a CDR text file: the header line holds binary data (NUL bytes or invalid UTF-8)\n", stderr.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Missing_column_is_one_line_and_exit_1()
    {
        string path = File("a.csv", "caller,callee,duration_s\n1,2,3\n");
        var (code, _, stderr) = Run("inspect", "--cdr", path);
        Assert.Equal(1, code);
        Assert.Equal($"callgraph: {path}:1: missing required column 'start_time' for start_time (header has: caller, callee, duration_s); map columns with --columns\n", stderr.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Empty_file_is_one_line_and_exit_1()
    {
        string path = File("a.csv", "");
        var (code, _, stderr) = Run("inspect", "--cdr", path);
        Assert.Equal(1, code);
        Assert.Equal($"callgraph: {path}: empty file: no header line\n", stderr.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Nonexistent_file_is_one_line_and_exit_1()
    {
        string path = Path.Combine(_dir, "nope.csv");
        var (code, _, stderr) = Run("inspect", "--cdr", path);
        Assert.Equal(1, code);
        Assert.Equal($"callgraph: {path}: no such file\n", stderr.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Too_many_rejects_is_one_line_and_exit_1()
    {
        string path = File("a.csv", Header + "x,13912345678,20260601081500,1,voice,\n13800138000,13912345678,20260601081500,1,voice,\ny,1,20260601081500,1,voice,\n");
        var (code, _, stderr) = Run("inspect", "--cdr", path, "--max-rejects", "1");
        Assert.Equal(1, code);
        Assert.Equal($"callgraph: {path}: rejected 2 of 3 rows, more than --max-rejects 1; first: {path}:2:1 bad_number\n", stderr.ReplaceLineEndings("\n"));
    }

    [Theory]
    [InlineData("--max-rejects", "lots")]
    [InlineData("--time-format", "HH:mm")]
    [InlineData("--columns", "who=From")]
    [InlineData("--delimiter", ",,")]
    [InlineData("--threads", "0")]
    [InlineData("--home-operator", "nobody")]
    [InlineData("--dedup-window", "-1")]
    [InlineData("--dedup-window", "week")]
    public void Bad_option_values_are_usage_errors(string option, string value)
    {
        string path = File("a.csv", Header);
        var (code, _, stderr) = Run("inspect", "--cdr", path, option, value);
        Assert.Equal(2, code);
        Assert.StartsWith("callgraph: ", stderr);
    }

    [Fact]
    public void Time_window_options_count_rows_outside()
    {
        string path = File("a.csv", Header + "13800138000,13912345678,20260531235959,1,voice,\n13800138000,13912345678,20260601000000,1,voice,\n13800138000,13912345678,20260701000000,1,voice,\n");
        var (code, stdout, stderr) = Run("inspect", "--cdr", path, "--json", "--from", "2026-06-01", "--to", "2026-07-01T00:00");
        Assert.True(code == 0, stderr);
        using var doc = JsonDocument.Parse(stdout);
        Assert.Equal(1, doc.RootElement.GetProperty("rows_accepted").GetInt64());
        Assert.Equal(2, doc.RootElement.GetProperty("outside_window").GetInt64());
        Assert.Equal(2, Run("inspect", "--cdr", path, "--from", "June").Code);
        Assert.Equal(2, Run("inspect", "--cdr", path, "--from", "2026-07-01", "--to", "2026-06-01").Code);
    }

    [Fact]
    public void Missing_cdr_option_is_a_usage_error()
    {
        var (code, _, _) = Run("inspect");
        Assert.Equal(2, code);
    }

    [Fact]
    public void No_dedup_and_tab_delimiter()
    {
        string path = File("a.tsv", "caller\tcallee\tstart_time\tduration_s\n13800138000\t13912345678\t20260601081500\t1\n13800138000\t13912345678\t20260601081500\t1\n");
        var (code, stdout, _) = Run("inspect", "--cdr", path, "--json", "--no-dedup", "--delimiter", "tab");
        Assert.Equal(0, code);
        using var doc = JsonDocument.Parse(stdout);
        Assert.Equal(2, doc.RootElement.GetProperty("rows_accepted").GetInt64());
        Assert.Equal(0, doc.RootElement.GetProperty("duplicates").GetInt64());
    }

    [Theory]
    [InlineData("1", 0, 1)]
    [InlineData("all", 1, 0)]
    public void Dedup_window_decides_which_late_rows_are_checked(string window, long duplicates, long notChecked)
    {
        // The repeat of the first row comes after more than a chunk (1 MiB) of rows four days later.
        var text = new System.Text.StringBuilder("caller,callee,start_time,duration_s\n13800138000,13912345678,20260601081500,1\n");
        for (int i = 0; i < 30_000; i++) text.Append("1390000").Append(i.ToString("0000", System.Globalization.CultureInfo.InvariantCulture)).Append(",13912345678,20260605081500,1\n");
        text.Append("13800138000,13912345678,20260601081500,1\n");
        string path = File("late.csv", text.ToString());
        var (code, stdout, _) = Run("inspect", "--cdr", path, "--json", "--dedup-window", window);
        Assert.Equal(0, code);
        using var doc = JsonDocument.Parse(stdout);
        Assert.Equal(duplicates, doc.RootElement.GetProperty("duplicates").GetInt64());
        Assert.Equal(notChecked, doc.RootElement.GetProperty("not_checked_for_duplicates").GetInt64());
    }
}
