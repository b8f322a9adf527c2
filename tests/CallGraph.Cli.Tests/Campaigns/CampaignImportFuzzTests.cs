using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using CallGraph.Campaigns;
using CallGraph.Campaigns.Storage;

namespace CallGraph.Cli.Tests.Campaigns;

/// <summary>
/// Seeded FsCheck fuzzing of the campaign imports (select --prospects, assign --groups, feedback --file):
/// malformed headers, short and long rows, broken quoting, odd values (NaN, huge amounts, control
/// characters, formulas), mixed line ends, truncated files. Every case must end with exit 0, 1 or 2, print
/// no stack trace, say what is wrong in one line, and leave the store exactly as it was when the import is
/// rejected (all or nothing).
/// </summary>
public sealed class CampaignImportFuzzTests : IDisposable
{
    private const int CasesPerImport = 70;
    private readonly CampaignWorkspace _ws = new();
    private readonly Dictionary<int, int> _exits = [];

    public CampaignImportFuzzTests()
    {
        _ws.CampaignOk("create", "--name", "fuzz");
        _ws.CampaignOk("select", "--campaign", "1", "--prospects", _ws.Write("seed-prospects.csv", CampaignFixture.Prospects), "--min-share", "0.1");
    }

    public void Dispose() => _ws.Dispose();

    /// <summary>One generated import: the file's text and which command reads it.</summary>
    public sealed record ImportCase(string Kind, string Text, string Variant)
    {
        public override string ToString() => $"{Kind} {Variant}: {Text.Replace("\r", "\\r", StringComparison.Ordinal).Replace("\n", "\\n\n", StringComparison.Ordinal)}";
    }

    // --- generators ------------------------------------------------------------------------------------

    private static readonly string[] OddValues =
    [
        "", " ", "NaN", "nan", "Infinity", "-Infinity", "1e308", "1e-400", "-1", "-0", "0x10", "1,5", "1 000",
        "79228162514264337593543950335", "79228162514264337593543950336", "0.00001", "1000000000000000.0001",
        "=1+1", "@SUM(A1)", "+cmd", "-2+3", "\tTab", "\"", "\"quoted\"", "a\"b", "x\ny", "\r", "\u0000", "\u001b[2J",
        "中文", "\uFEFF", new string('9', 5000), "13800000001 ", "+8613800000001", "138000000011", "abc", "won\nlost",
    ];

    private static Gen<string> Odd => Gen.Elements(OddValues);

    private static Gen<string> Valid(string column) => column switch
    {
        "msisdn" => Gen.Elements("13800000001", "13800000002", "+86 138 0000 0003", "13800000004", "13800000009", "13800000010", "13900000077"),
        "outcome" => Gen.Elements("won", "lost", "pending", "unreachable", "WON"),
        "revenue" or "cost" => Gen.Elements("0", "10", "35.50", "1000000000000000", "0.0001"),
        "note" => Gen.Elements("", "ok", "call back", "=HYPERLINK(\"x\")", "two\nlines"),
        "group_id" => Gen.Elements("G1", "G2", "G3", "G9"),
        "operator" => Gen.Elements("unicom", "telecom"),
        "members_contacted" => Gen.Choose(0, 20).Select(n => n.ToString(CultureInfo.InvariantCulture)),
        "member_share" => Gen.Elements("0", "0.11", "0.5", "1", "0.25"),
        "account_manager" => Gen.Elements("alice", "bob", "", "carol"),
        _ => Gen.Elements("Acme", "North", "South", "x"),
    };

    private static Gen<string> Field(string column) => Gen.Frequency((7, Valid(column)), (3, Odd));

    private static Gen<string[]> Header(string[] columns) => Gen.Frequency(
        (6, Gen.Constant(columns)),
        (1, Gen.Shuffle(columns)),
        (1, Gen.Choose(0, columns.Length - 1).Select(i => columns.Where((_, j) => j != i).ToArray())),
        (1, Gen.Choose(0, columns.Length - 1).Select(i => columns.Append(columns[i]).ToArray())),
        (1, Gen.Elements<string[]>([], ["\uFEFF" + columns[0], .. columns[1..]], ["garbage"], [.. columns, "extra"])));

    // A row in the header's column order; sometimes a field short or one too many.
    private static Gen<string[]> Row(string[] header) =>
        header.Aggregate(Gen.Constant(Array.Empty<string>()),
                (row, column) => row.SelectMany(fields => Field(column.TrimStart('\uFEFF')).Select(f => (string[])[.. fields, f])))
            .SelectMany(fields => Gen.Frequency(
                (8, Gen.Constant(fields)),
                (1, Gen.Constant(fields.Length > 0 ? fields[..^1] : fields)),
                (1, Gen.Constant<string[]>([.. fields, "surplus"]))));

    private static string Quote(string field, bool properly) =>
        properly && field.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : field;

    private static Gen<ImportCase> Import(string kind, string[] columns) =>
        from header in Header(columns)
        from rows in Gen.Choose(0, 6).SelectMany(n => Gen.ListOf(Row(header), n))
        from properly in Gen.Frequency((4, Gen.Constant(true)), (1, Gen.Constant(false)))
        from newline in Gen.Elements("\n", "\r\n", "\r")
        from cut in Gen.Frequency((5, Gen.Constant(100)), (1, Gen.Choose(0, 99)))
        from variant in Gen.Elements("a", "b")
        let lines = new[] { string.Join(",", header.Select(h => Quote(h, properly))) }
            .Concat(rows.Select(r => string.Join(",", r.Select(f => Quote(f, properly)))))
        let text = string.Join(newline, lines) + newline
        select new ImportCase(kind, text[..(text.Length * cut / 100)], variant);

    // --- the property ----------------------------------------------------------------------------------

    private string StoreState()
    {
        using var store = SqliteCampaignStore.OpenReadOnly(_ws.Database);
        var workflow = new CampaignWorkflow(store);
        return string.Join("\n", workflow.List().Select(s =>
            $"{s.Campaign}\n{string.Join("\n", workflow.GetTargets(s.Campaign.Id))}\n{string.Join("\n", workflow.GetAudit(s.Campaign.Id))}"));
    }

    private static string[] Arguments(ImportCase c, string file) => c.Kind switch
    {
        "select" => ["select", "--campaign", "1", "--prospects", file],
        "assign" => c.Variant == "a"
            ? ["assign", "--campaign", "1", "--groups", file, "--strategy", "account-manager"]
            : ["assign", "--campaign", "1", "--groups", file, "--strategy", "round-robin", "--capacity", "1"],
        _ => ["feedback", "--campaign", "1", "--file", file],
    };

    private bool EndsCleanly(ImportCase c)
    {
        string file = _ws.Write("import.csv", c.Text);
        string before = StoreState();
        CliResult result;
        try
        {
            result = _ws.Campaign(Arguments(c, file));
        }
        catch (Exception ex)
        {
            throw new Xunit.Sdk.XunitException($"unhandled {ex.GetType().Name}: {ex.Message}\ncase: {c}");
        }
        string[] errorLines = result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        string problem =
            result.ExitCode is not (0 or 1 or 2) ? $"exit {result.ExitCode}"
            : result.Stderr.Contains("   at ", StringComparison.Ordinal) ? "a stack trace"
            : result.ExitCode == 1 && errorLines.Length != 1 ? $"{errorLines.Length} error lines"
            : result.ExitCode != 0 && StoreState() != before ? "the store changed although the import was rejected"
            : "";
        if (problem.Length > 0)
            throw new Xunit.Sdk.XunitException($"{problem}\nstderr: {result.Stderr}\ncase: {c}");
        _exits[result.ExitCode] = _exits.GetValueOrDefault(result.ExitCode) + 1;
        return true;
    }

    private void Fuzz(string kind, string[] columns, ulong seed)
    {
        Prop.ForAll(Import(kind, columns).ToArbitrary(), EndsCleanly)
            .Check(Config.QuickThrowOnFailure.WithMaxTest(CasesPerImport).WithReplay(seed, 0x9E3779B97F4A7C15UL).WithQuietOnSuccess(true));
        // Every case ran, and the generators reach both sides: imports accepted and imports rejected.
        Assert.Equal(CasesPerImport, _exits.Values.Sum());
        Assert.True(_exits.GetValueOrDefault(0) > 0 && _exits.GetValueOrDefault(1) > 0, $"exit codes seen: {string.Join(", ", _exits)}");
    }

    [Fact]
    public void Malformed_prospect_files_end_cleanly_and_change_nothing_when_rejected() =>
        Fuzz("select", ["group_id", "msisdn", "operator", "members_contacted", "member_share"], 20261203);

    [Fact]
    public void Malformed_groups_files_end_cleanly_and_change_nothing_when_rejected() =>
        Fuzz("assign", ["group_id", "name", "branch", "account_manager"], 20261204);

    [Fact]
    public void Malformed_feedback_files_end_cleanly_and_change_nothing_when_rejected() =>
        Fuzz("feedback", ["msisdn", "outcome", "revenue", "cost", "note"], 20261205);
}
