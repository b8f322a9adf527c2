using System.Text;
using CallGraph.Ingest;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace CallGraph.Tests.Ingest;

/// <summary>Gzip told by its bytes, not its name; concatenated members read as one stream; truncation still caught.</summary>
public class GzipInputTests
{
    private static string Dump(int rows, int seed)
    {
        var random = new Random(seed);
        var sb = new StringBuilder("caller,callee,start_time,duration_s,type,cell_id\n");
        for (int i = 0; i < rows; i++)
            sb.Append(System.Globalization.CultureInfo.InvariantCulture, $"1380000{random.Next(1000):0000},1860000{random.Next(1000):0000},2026-06-0{1 + random.Next(5)} {random.Next(24):00}:{random.Next(60):00}:00,{random.Next(-1, 500)},{(random.Next(3) == 0 ? "sms" : "voice")},c{random.Next(9)}\n");
        return sb.ToString();
    }

    private static byte[] Members(byte[] bytes, IEnumerable<int> cuts)
    {
        var output = new MemoryStream();
        int from = 0;
        foreach (int cut in cuts.Append(bytes.Length).Where(c => c > 0 && c <= bytes.Length).Distinct().Order())
        {
            output.Write(ReaderHarness.Gzip(bytes[from..cut]));
            from = cut;
        }
        return output.ToArray();
    }

    private static CdrReaderOptions Options => new() { Threads = 2, ChunkBytes = 4096 };

    [Fact]
    public void Gzip_is_recognised_by_its_bytes_under_any_name_and_plain_text_under_a_gz_name_is_read_as_text()
    {
        string dump = Dump(500, 1);
        var plain = ReaderHarness.Read([ReaderHarness.Text("cdr.csv", dump)], Options);
        var renamed = ReaderHarness.Read([CdrSource.FromBytes("cdr.csv", ReaderHarness.Gzip(Encoding.UTF8.GetBytes(dump)))], Options);
        var misnamed = ReaderHarness.Read([CdrSource.FromBytes("cdr.csv.gz", Encoding.UTF8.GetBytes(dump), gzip: true)], Options);
        Assert.True(plain.Report.Accepted > 0);
        Assert.Equal(plain.Cdrs, renamed.Cdrs);
        Assert.Equal(plain.Cdrs, misnamed.Cdrs);
        Assert.Equal(plain.Rejects.Replace("cdr.csv,", "x,"), renamed.Rejects.Replace("cdr.csv,", "x,"));
        ReaderHarness.AssertBalanced(renamed.Report);
    }

    [Property(MaxTest = 40)]
    public Property Concatenated_gzip_members_cut_anywhere_read_as_the_one_stream_they_make()
    {
        string dump = Dump(400, 2);
        var bytes = Encoding.UTF8.GetBytes(dump);
        var plain = ReaderHarness.Read([ReaderHarness.Text("cdr", dump)], Options);
        var cuts = Gen.ListOf(Gen.Choose(1, bytes.Length - 1)).Select(l => l.Take(6).ToArray());
        return Prop.ForAll(cuts.ToArbitrary(), c =>
        {
            var read = ReaderHarness.Read([CdrSource.FromBytes("cdr", Members(bytes, c))], Options);
            Assert.Equal(plain.Cdrs, read.Cdrs);
            Assert.Equal(plain.Report.RowsRead, read.Report.RowsRead);
            Assert.Equal(plain.Rejects, read.Rejects);
            ReaderHarness.AssertBalanced(read.Report);
        });
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void A_cut_gzip_of_one_or_several_members_is_one_clear_error_naming_the_file(int members)
    {
        var bytes = Encoding.UTF8.GetBytes(Dump(3000, 3));
        var whole = Members(bytes, Enumerable.Range(1, members - 1).Select(i => i * bytes.Length / members));
        foreach (int cut in new[] { whole.Length - 3, whole.Length * 3 / 4, whole.Length / 2 })
        {
            var ex = Assert.Throws<DataException>(() => ReaderHarness.Read([CdrSource.FromBytes("dump.bin", whole[..cut])], Options));
            Assert.Contains("dump.bin", ex.Message);
            Assert.Contains("truncated gzip", ex.Message);
        }
    }
}
