using System.Net.Http.Headers;
using System.Text;

namespace CallGraph.Engines.ClickHouse;

/// <summary>An external table sent with a query (ClickHouse's "external data"): a name, its structure and TabSeparated rows.</summary>
/// <param name="Name">The name the query uses.</param>
/// <param name="Structure">Column names and types, e.g. <c>key UInt64</c>.</param>
/// <param name="Rows">The TabSeparated text of the rows.</param>
internal sealed record ExternalTable(string Name, string Structure, byte[] Rows);

/// <summary>
/// Queries over ClickHouse's HTTP interface, which every server version speaks: the query in the URL, external tables as
/// multipart form parts, results as TabSeparated lines. <c>wait_end_of_query=1</c> makes the server finish the query
/// before it answers, so a failure arrives as an HTTP error instead of text appended to half a result.
/// </summary>
internal sealed class ClickHouseHttp(HttpClient http, Uri endpoint)
{
    /// <summary>Runs <paramref name="query"/> and returns its TabSeparated rows, split into fields.</summary>
    /// <exception cref="ClickHouseException">The server answered with an error.</exception>
    public IEnumerable<string[]> Rows(string query, IReadOnlyList<ExternalTable> tables, CancellationToken cancellationToken)
    {
        var parameters = new List<string> { "query=" + Uri.EscapeDataString(query + "\nFORMAT TabSeparated"), "wait_end_of_query=1" };
        HttpContent content;
        if (tables.Count == 0) content = new ByteArrayContent([]);
        else
        {
            var form = new MultipartFormDataContent();
            foreach (var table in tables)
            {
                parameters.Add($"{table.Name}_structure={Uri.EscapeDataString(table.Structure)}");
                parameters.Add($"{table.Name}_format=TabSeparated");
                var part = new ByteArrayContent(table.Rows);
                part.Headers.ContentType = new MediaTypeHeaderValue("text/tab-separated-values");
                form.Add(part, table.Name, table.Name + ".tsv");
            }
            content = form;
        }
        var uri = new UriBuilder(endpoint) { Query = string.Join("&", parameters) }.Uri;
        using var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = content };
        using var response = http.Send(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        using var body = response.Content.ReadAsStream(cancellationToken);
        using var reader = new StreamReader(body, Encoding.UTF8);
        if (!response.IsSuccessStatusCode)
            throw new ClickHouseException($"ClickHouse at {endpoint} answered {(int)response.StatusCode}: {reader.ReadToEnd().Trim()}");
        while (reader.ReadLine() is { } line)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return line.Split('\t');
        }
    }

    /// <summary>Runs a statement that returns nothing the caller needs (DDL, INSERT … VALUES).</summary>
    public void Execute(string statement, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new StringContent(statement, Encoding.UTF8) };
        using var response = http.Send(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            using var reader = new StreamReader(response.Content.ReadAsStream(cancellationToken), Encoding.UTF8);
            throw new ClickHouseException($"ClickHouse at {endpoint} answered {(int)response.StatusCode}: {reader.ReadToEnd().Trim()}");
        }
    }
}

/// <summary>The ClickHouse server refused a query or answered with something the engine cannot read.</summary>
public sealed class ClickHouseException : Exception
{
    /// <summary>An error with its message.</summary>
    public ClickHouseException(string message) : base(message) { }

    /// <summary>An error with its message and cause.</summary>
    public ClickHouseException(string message, Exception innerException) : base(message, innerException) { }

    /// <summary>An error without a message.</summary>
    public ClickHouseException() { }
}
