using System.Globalization;
using System.Text;
using CallGraph.Ingest;
using Parquet;
using Parquet.Schema;

namespace CallGraph.Parquet;

/// <summary>
/// CDRs in a Parquet file, as a <see cref="CdrSource"/>: the file is read one row group at a time and each row
/// group is handed to the reader as CSV text with the file's column names as the header, so column mapping,
/// rejects, duplicates and row counts work exactly as for a CSV dump of the same rows. Numbers may be strings or
/// integers; start times strings (any form the reader accepts) or timestamps (written <c>yyyy-MM-dd HH:mm:ss</c>
/// on the stored clock). A reject's line is the row's number in the file plus one (the header is line 1).
/// </summary>
public static class ParquetCdrSource
{
    /// <summary>True when the file starts with Parquet's magic bytes <c>PAR1</c>.</summary>
    public static bool IsParquet(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        try
        {
            // A named pipe reports length 0 and can be read only once: it is never opened here (nor could it be
            // Parquet, which is read from its footer). The smallest Parquet file is PAR1, a footer length and PAR1.
            if (new FileInfo(path).Length < 12) return false;
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1);
            Span<byte> head = stackalloc byte[4];
            return file.ReadAtLeast(head, 4, throwOnEndOfStream: false) == 4 && head.SequenceEqual("PAR1"u8);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>A Parquet file as a CDR source (its name is the path).</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    public static CdrSource FromFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: no such file", path);
        return new CdrSource(path, () => new RowGroupTextStream(path, new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read)));
    }

    /// <summary>Parquet row groups as CSV text, one row group in memory at a time.</summary>
    private sealed class RowGroupTextStream(string name, Stream file) : Stream
    {
        private ParquetReader? _reader;
        private DataField[] _fields = [];
        private int _nextGroup;
        private byte[] _text = [];
        private int _offset;

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            while (_offset == _text.Length)
            {
                if (!Next()) return 0;
            }
            int n = Math.Min(buffer.Length, _text.Length - _offset);
            _text.AsSpan(_offset, n).CopyTo(buffer);
            _offset += n;
            return n;
        }

        /// <summary>Makes the next block of text (the header, then each row group); false at the end.</summary>
        private bool Next()
        {
            var sb = new StringBuilder();
            if (_reader is null)
            {
                try
                {
                    _reader = ParquetReader.CreateAsync(file).GetAwaiter().GetResult();
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    throw new DataException(name, 0, 0, $"not a readable Parquet file ({ex.Message})", ex);
                }
                _fields = _reader.Schema.GetDataFields();
                var bad = _fields.FirstOrDefault(f => f.IsArray || f.MaxRepetitionLevel > 0);
                if (bad is not null) throw new DataException(name, 0, 0, $"Parquet column '{bad.Name}' is a list: CDR columns must be plain values");
                sb.AppendJoin(',', _fields.Select(f => Quote(f.Name))).Append('\n');
            }
            else
            {
                if (_nextGroup >= _reader.RowGroupCount) return false;
                int group = _nextGroup++;
                string[][] columns;
                try
                {
                    using var rowGroup = _reader.OpenRowGroupReader(group);
                    columns = _fields.Select(f => ReadColumn(rowGroup, f, checked((int)rowGroup.RowCount))).ToArray();
                }
                catch (Exception ex) when (ex is not (OperationCanceledException or DataException))
                {
                    throw new DataException(name, 0, 0, $"row group {group}: unreadable ({ex.Message})", ex);
                }
                int rows = columns.Length == 0 ? 0 : columns[0].Length;
                for (int r = 0; r < rows; r++)
                {
                    for (int c = 0; c < columns.Length; c++)
                    {
                        if (c > 0) sb.Append(',');
                        sb.Append(Quote(columns[c][r]));
                    }
                    sb.Append('\n');
                }
            }
            _text = Encoding.UTF8.GetBytes(sb.ToString());
            _offset = 0;
            return true;
        }

        private static string[] ReadColumn(ParquetRowGroupReader rowGroup, DataField field, int rows)
        {
            var type = field.ClrType;
            if (type == typeof(string) || type == typeof(ReadOnlyMemory<char>))
            {
                var values = new string?[rows];
                WaitFor(rowGroup.ReadAsync(field, values.AsMemory(), null));
                return values.Select(v => v ?? "").ToArray();
            }
            return type switch
            {
                _ when type == typeof(long) => Values<long>(rowGroup, field, rows, v => v.ToString(CultureInfo.InvariantCulture)),
                _ when type == typeof(int) => Values<int>(rowGroup, field, rows, v => v.ToString(CultureInfo.InvariantCulture)),
                _ when type == typeof(short) => Values<short>(rowGroup, field, rows, v => v.ToString(CultureInfo.InvariantCulture)),
                _ when type == typeof(ulong) => Values<ulong>(rowGroup, field, rows, v => v.ToString(CultureInfo.InvariantCulture)),
                _ when type == typeof(uint) => Values<uint>(rowGroup, field, rows, v => v.ToString(CultureInfo.InvariantCulture)),
                _ when type == typeof(bool) => Values<bool>(rowGroup, field, rows, v => v ? "1" : "0"),
                _ when type == typeof(double) => Values<double>(rowGroup, field, rows, v => v.ToString("R", CultureInfo.InvariantCulture)),
                _ when type == typeof(float) => Values<float>(rowGroup, field, rows, v => v.ToString("R", CultureInfo.InvariantCulture)),
                _ when type == typeof(decimal) => Values<decimal>(rowGroup, field, rows, v => v.ToString(CultureInfo.InvariantCulture)),
                _ when type == typeof(DateTime) => Values<DateTime>(rowGroup, field, rows, v => v.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)),
                _ when type == typeof(DateTimeOffset) => Values<DateTimeOffset>(rowGroup, field, rows, v => v.DateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)),
                _ => throw new NotSupportedException($"column '{field.Name}' has type {type.Name}, which a CDR field cannot hold"),
            };
        }

        /// <summary>
        /// Blocks until a column read finishes. The reader pulls rows synchronously; a ValueTask's own awaiter may not
        /// block on an unfinished read, so an unfinished one is waited on as a Task.
        /// </summary>
        private static void WaitFor(ValueTask read)
        {
            if (read.IsCompleted) read.GetAwaiter().GetResult(); // rethrows a failure
            else read.AsTask().GetAwaiter().GetResult();
        }

        private static string[] Values<T>(ParquetRowGroupReader rowGroup, DataField field, int rows, Func<T, string> text) where T : struct
        {
            var result = new string[rows];
            if (field.IsNullable)
            {
                var values = new T?[rows];
                WaitFor(rowGroup.ReadAsync(field, values.AsMemory(), null));
                for (int i = 0; i < rows; i++) result[i] = values[i] is T v ? text(v) : "";
            }
            else
            {
                var values = new T[rows];
                WaitFor(rowGroup.ReadAsync(field, values.AsMemory(), null));
                for (int i = 0; i < rows; i++) result[i] = text(values[i]);
            }
            return result;
        }

        /// <summary>A CSV field: quoted when it holds a comma, quote or line break (a line break cannot be read back: it is replaced by a space).</summary>
        private static string Quote(string value)
        {
            if (value.AsSpan().IndexOfAny("\r\n") >= 0) value = value.Replace("\r", " ", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
            return value.AsSpan().IndexOfAny(",\"") < 0 ? value : "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _reader?.DisposeAsync().AsTask().GetAwaiter().GetResult();
                file.Dispose();
            }
            base.Dispose(disposing);
        }
    }
}
