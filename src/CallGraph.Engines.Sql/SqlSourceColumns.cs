using CallGraph.Ingest;

namespace CallGraph.Engines.Sql;

/// <summary>
/// The columns of an engine's CDR relation (a file's header, a table's columns) that hold each CDR field, found by
/// the reader's <see cref="CdrColumnMap"/> as the in-process reader finds them: names compared trimmed and
/// case-insensitively, type and cell optional.
/// </summary>
/// <param name="Caller">The caller's column.</param>
/// <param name="Callee">The callee's column.</param>
/// <param name="StartTime">The start time's column.</param>
/// <param name="Duration">The duration's column.</param>
/// <param name="Type">The type's column, or null when the relation has none (every row a voice call).</param>
/// <param name="Cell">The cell's column, or null when the relation has none.</param>
public sealed record SqlSourceColumns(string Caller, string Callee, string StartTime, string Duration, string? Type, string? Cell)
{
    /// <summary>Finds the fields of <paramref name="map"/> among <paramref name="columns"/>.</summary>
    /// <param name="columns">The relation's column names, in order (the first match wins).</param>
    /// <param name="map">Which column holds which field.</param>
    /// <param name="missing">The exception for a required field (its name, e.g. <c>caller</c>) whose column (the mapped name) is absent.</param>
    /// <exception cref="Exception">The one <paramref name="missing"/> makes.</exception>
    public static SqlSourceColumns Find(IReadOnlyList<string> columns, CdrColumnMap map, Func<string, string, Exception> missing)
    {
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(map);
        ArgumentNullException.ThrowIfNull(missing);
        string? Find(string? name, string field, bool required)
        {
            if (string.IsNullOrWhiteSpace(name)) return null;
            string? found = columns.FirstOrDefault(c => string.Equals(c.Trim(), name.Trim(), StringComparison.OrdinalIgnoreCase));
            return found is null && required ? throw missing(field, name) : found;
        }
        return new SqlSourceColumns(Find(map.Caller, "caller", true)!, Find(map.Callee, "callee", true)!, Find(map.StartTime, "start_time", true)!,
            Find(map.Duration, "duration_s", true)!, Find(map.Type, "type", false), Find(map.Cell, "cell_id", false));
    }

    /// <summary>
    /// The select list <see cref="AggregationSql.Source"/> needs: <c>caller_raw, callee_raw, start_raw, duration_raw,
    /// type_raw, cell_raw, wrong_field_count</c>.
    /// </summary>
    /// <param name="text">The engine's expression of a column (null: an absent one) as text.</param>
    /// <param name="wrongFieldCount">The BOOLEAN expression of a row whose field count is wrong.</param>
    public string SelectList(Func<string?, string> text, string wrongFieldCount)
    {
        ArgumentNullException.ThrowIfNull(text);
        return $"{text(Caller)} AS caller_raw, {text(Callee)} AS callee_raw, {text(StartTime)} AS start_raw, " +
            $"{text(Duration)} AS duration_raw, {text(Type)} AS type_raw, {text(Cell)} AS cell_raw, {wrongFieldCount} AS wrong_field_count";
    }
}
