using System.Text;

namespace CallGraph.Engines.ClickHouse;

/// <summary>
/// Statements over ClickHouse's HTTP interface, which every server version speaks: the statement in the request body,
/// results as TabSeparated lines. With a session id, statements share the session's temporary tables (the roster).
/// Results are asked with <c>wait_end_of_query=1</c>: the server finishes the query before it answers, so a failure
/// arrives as an HTTP error instead of text appended to half a result.
/// </summary>
/// <remarks>
/// The statement goes in the body, never in the URL: an 18.16 server refuses a URL over 16 KiB, which the aggregation
/// SQL nearly fills. (External data sent as a multipart form would need the query in the URL, hence the session.)
/// </remarks>
internal sealed class ClickHouseHttp(HttpClient http, Uri endpoint, string? sessionId = null)
{
    /// <summary>How long the server keeps an idle session's temporary tables, in seconds.</summary>
    private const int SessionTimeoutSeconds = 3600;

    private Uri Address(params string[] parameters)
    {
        var all = new List<string>();
        string existing = endpoint.Query.TrimStart('?');
        if (existing.Length > 0) all.Add(existing); // user, password, database given with the endpoint
        if (sessionId is not null)
        {
            all.Add("session_id=" + Uri.EscapeDataString(sessionId));
            all.Add("session_timeout=" + SessionTimeoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        all.AddRange(parameters);
        return new UriBuilder(endpoint) { Query = string.Join("&", all) }.Uri;
    }

    /// <summary>Runs <paramref name="query"/> and returns its TabSeparated rows, split into fields, as they arrive.</summary>
    /// <exception cref="ClickHouseException">The server answered with an error.</exception>
    public IEnumerable<string[]> Rows(string query, CancellationToken cancellationToken)
    {
        using var response = Send(Address("wait_end_of_query=1"), () => new StringContent(query + "\nFORMAT TabSeparated", Encoding.UTF8), cancellationToken);
        using var reader = new StreamReader(response.Content.ReadAsStream(cancellationToken), Encoding.UTF8);
        while (reader.ReadLine() is { } line)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return line.Split('\t');
        }
    }

    /// <summary>Runs a statement whose answer the caller does not need (DDL, INSERT … VALUES).</summary>
    /// <exception cref="ClickHouseException">The server answered with an error.</exception>
    public void Execute(string statement, CancellationToken cancellationToken = default) =>
        Send(Address(), () => new StringContent(statement, Encoding.UTF8), cancellationToken).Dispose();

    /// <summary>Inserts TabSeparated <paramref name="rows"/> into <paramref name="table"/> (already quoted).</summary>
    /// <exception cref="ClickHouseException">The server answered with an error.</exception>
    public void Insert(string table, byte[] rows, CancellationToken cancellationToken = default) =>
        Send(Address("query=" + Uri.EscapeDataString($"INSERT INTO {table} FORMAT TabSeparated")), () => new ByteArrayContent(rows), cancellationToken).Dispose();

    // The server releases a session a moment after it has sent the last byte of an answer, so the next statement of
    // the session can find it still held (error 373). Such a statement is sent again after a pause of 10 ms,
    // doubling, about 5 s in all; any other error is final.
    private const int SessionLockedCode = 373, SessionRetries = 9;

    /// <summary>The first line of a server's error text (the server may follow it with a stack trace).</summary>
    private static string FirstLine(string error)
    {
        int end = error.IndexOfAny(['\r', '\n']);
        return end < 0 ? error : error[..end].TrimEnd();
    }

    private HttpResponseMessage Send(Uri address, Func<HttpContent> content, CancellationToken cancellationToken)
    {
        for (int attempt = 0; ; attempt++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, address) { Content = content() };
            HttpResponseMessage response;
            try
            {
                response = http.Send(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            }
            catch (HttpRequestException e)
            {
                throw new ClickHouseException($"ClickHouse at {endpoint} cannot be reached: {e.Message}", e);
            }
            if (response.IsSuccessStatusCode) return response;
            string error;
            using (response)
            using (var reader = new StreamReader(response.Content.ReadAsStream(cancellationToken), Encoding.UTF8))
                error = reader.ReadToEnd().Trim();
            if (sessionId is not null && attempt < SessionRetries && error.StartsWith($"Code: {SessionLockedCode},", StringComparison.Ordinal))
            {
                Task.Delay(10 << attempt, cancellationToken).GetAwaiter().GetResult();
                continue;
            }
            throw new ClickHouseException($"ClickHouse at {endpoint} answered {(int)response.StatusCode}: {FirstLine(error)}");
        }
    }
}

/// <summary>
/// The ClickHouse server refused a statement, could not be reached, or answered with something the engine cannot read.
/// An <see cref="IOException"/>: the aggregation's input could not be read where it lives, as a file that cannot be
/// read would be (the CLI reports it in one line, exit code 1, and keeps the previous output).
/// </summary>
public sealed class ClickHouseException : IOException
{
    /// <summary>An error with its message.</summary>
    public ClickHouseException(string message) : base(message) { }

    /// <summary>An error with its message and cause.</summary>
    public ClickHouseException(string message, Exception innerException) : base(message, innerException) { }

    /// <summary>An error without a message.</summary>
    public ClickHouseException() { }
}
