using System.Text;

namespace CallGraph.Ingest;

/// <summary>
/// Which header names hold each CDR field. Names are matched case-insensitively after trimming, in any
/// order; columns not named here are ignored. <see cref="Type"/> and <see cref="Cell"/> are optional:
/// when null, or when the header has no such column, every row is a voice call with no cell.
/// </summary>
/// <param name="Caller">Header of the calling number (required).</param>
/// <param name="Callee">Header of the called number (required).</param>
/// <param name="StartTime">Header of the start time (required).</param>
/// <param name="Duration">Header of the duration in whole seconds (required; may be empty on SMS rows).</param>
/// <param name="Type">Header of the event type (voice|call|v|0, sms|text|s|1), or null for none.</param>
/// <param name="Cell">Header of the cell id, or null for none.</param>
/// <param name="CallerOperator">Header of the caller's operator name (opaque ids only; optional), or null for none.</param>
/// <param name="CalleeOperator">Header of the callee's operator name (opaque ids only; optional), or null for none.</param>
public sealed record CdrColumnMap(
    string Caller = "caller",
    string Callee = "callee",
    string StartTime = "start_time",
    string Duration = "duration_s",
    string? Type = "type",
    string? Cell = "cell_id",
    string? CallerOperator = "caller_operator",
    string? CalleeOperator = "callee_operator")
{
    /// <summary>The default columns: <c>caller,callee,start_time,duration_s,type,cell_id</c>.</summary>
    public static CdrColumnMap Default { get; } = new();

    /// <summary>
    /// Parses <c>field=Header</c> pairs separated by commas, e.g.
    /// <c>caller=From,callee=To,start_time=Datetime,duration_s=Duration(seconds),cell_id=Cell Tower,type=</c>.
    /// Fields: caller, callee, start_time, duration_s, type, cell_id (also start, duration, cell), caller_operator,
    /// callee_operator. Fields not mentioned keep their defaults; an empty header for an optional field (type,
    /// cell_id, caller_operator, callee_operator) means the dump has none.
    /// </summary>
    /// <exception cref="FormatException">An entry is not <c>field=Header</c> or names an unknown field.</exception>
    public static CdrColumnMap Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var map = Default;
        foreach (string entry in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            int eq = entry.IndexOf('=');
            if (eq <= 0) throw new FormatException($"column map entry '{entry}' is not field=Header");
            string field = entry[..eq].Trim().ToLowerInvariant();
            string header = entry[(eq + 1)..].Trim();
            bool optional = field is "type" or "cell_id" or "cell" or "caller_operator" or "callee_operator";
            if (header.Length == 0 && !optional) throw new FormatException($"column map entry '{entry}' has no header name");
            map = field switch
            {
                "caller" => map with { Caller = header },
                "callee" => map with { Callee = header },
                "start_time" or "start" => map with { StartTime = header },
                "duration_s" or "duration" => map with { Duration = header },
                "type" => map with { Type = header.Length == 0 ? null : header },
                "cell_id" or "cell" => map with { Cell = header.Length == 0 ? null : header },
                "caller_operator" => map with { CallerOperator = header.Length == 0 ? null : header },
                "callee_operator" => map with { CalleeOperator = header.Length == 0 ? null : header },
                _ => throw new FormatException($"unknown CDR field '{field}' in column map (expected caller, callee, start_time, duration_s, type, cell_id, caller_operator, callee_operator)"),
            };
        }
        return map;
    }

    /// <summary>Formats the map in the form <see cref="Parse"/> reads.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        sb.Append("caller=").Append(Caller).Append(",callee=").Append(Callee)
          .Append(",start_time=").Append(StartTime).Append(",duration_s=").Append(Duration)
          .Append(",type=").Append(Type).Append(",cell_id=").Append(Cell)
          .Append(",caller_operator=").Append(CallerOperator).Append(",callee_operator=").Append(CalleeOperator);
        return sb.ToString();
    }
}
