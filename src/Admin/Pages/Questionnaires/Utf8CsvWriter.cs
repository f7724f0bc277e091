using System.Buffers;
using System.Globalization;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;

namespace Evaluation.Admin.Pages.Questionnaires;

/// <summary>
/// CSV written field by field straight into UTF-8 bytes, with exactly the output of CsvHelper's <see cref="CsvWriter"/>
/// under the given configuration (UTF-8 with a byte order mark): a field CsvHelper writes as it is (no quote,
/// delimiter or line break, no space at either end, no formula character first) is copied; any other field is handed
/// to CsvHelper itself, so quoting and formula escaping stay CsvHelper's. Numbers are formatted without a string.
/// Rows are kept in one pooled buffer and sent when it fills, so memory stays flat however many rows there are.
/// </summary>
public sealed class Utf8CsvWriter : IAsyncDisposable
{
    private const int SendAt = 32 * 1024;
    private readonly Stream _stream;
    private readonly CsvConfiguration _configuration;
    private readonly SearchValues<char> _special;
    private readonly char[] _formulaFirst;
    private readonly byte[] _newLine;
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
    private int _length;
    private bool _rowStarted;
    private StringWriter? _escapedText;
    private CsvWriter? _escaper;

    public Utf8CsvWriter(Stream stream, CsvConfiguration configuration)
    {
        _stream = stream;
        _configuration = configuration;
        if (configuration.Delimiter.Length != 1) throw new ArgumentException("a one-character delimiter expected", nameof(configuration));
        _special = SearchValues.Create([configuration.Quote, configuration.Delimiter[0], '\r', '\n']);
        _formulaFirst = configuration.InjectionOptions == InjectionOptions.None ? [] : configuration.InjectionCharacters;
        _newLine = Encoding.UTF8.GetBytes(configuration.NewLine);
        Preamble.CopyTo(_buffer);
        _length = Preamble.Length;
    }

    private static ReadOnlySpan<byte> Preamble => [0xEF, 0xBB, 0xBF];

    public void WriteField(string? field)
    {
        Delimit();
        if (string.IsNullOrEmpty(field)) return;
        if (!AsIs(field)) field = Escaped(field);
        Reserve(Encoding.UTF8.GetMaxByteCount(field.Length));
        _length += Encoding.UTF8.GetBytes(field, _buffer.AsSpan(_length));
    }

    public void WriteField(int value)
    {
        if (value < 0)
        {
            // A leading minus is a formula character: CsvHelper's escaping decides.
            WriteField(value.ToString(CultureInfo.InvariantCulture));
            return;
        }
        Delimit();
        Reserve(11);
        value.TryFormat(_buffer.AsSpan(_length), out var written, default, CultureInfo.InvariantCulture);
        _length += written;
    }

    /// <summary>A time as yyyy-MM-dd HH:mm (digits first, never quoted nor escaped).</summary>
    public void WriteTime(DateTime time)
    {
        Delimit();
        Reserve(32);
        time.TryFormat(_buffer.AsSpan(_length), out var written, "yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
        _length += written;
    }

    /// <summary>Ends the row; sends the buffer when it is full enough.</summary>
    public ValueTask NextRecordAsync(CancellationToken cancellationToken = default)
    {
        Reserve(_newLine.Length);
        _newLine.CopyTo(_buffer.AsSpan(_length));
        _length += _newLine.Length;
        _rowStarted = false;
        return _length >= SendAt ? SendAsync(cancellationToken) : ValueTask.CompletedTask;
    }

    public async ValueTask FlushAsync(CancellationToken cancellationToken = default)
    {
        await SendAsync(cancellationToken);
        await _stream.FlushAsync(cancellationToken);
    }

    private async ValueTask SendAsync(CancellationToken cancellationToken)
    {
        if (_length == 0) return;
        await _stream.WriteAsync(_buffer.AsMemory(0, _length), cancellationToken);
        _length = 0;
    }

    public async ValueTask DisposeAsync()
    {
        if (_escaper is not null) await _escaper.DisposeAsync();
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
    }

    private void Delimit()
    {
        if (_rowStarted)
        {
            Reserve(1);
            _buffer[_length++] = (byte)_configuration.Delimiter[0];
        }
        _rowStarted = true;
    }

    /// <summary>Whether CsvHelper writes the field unchanged: no quoting (quote, delimiter, line break, a space at either
    /// end) and no formula escaping (a formula character first, or a quote first).</summary>
    private bool AsIs(string field) =>
        field[0] != ' ' && field[^1] != ' ' && field[0] != _configuration.Quote && Array.IndexOf(_formulaFirst, field[0]) < 0
        && field.AsSpan().IndexOfAny(_special) < 0;

    /// <summary>The field as CsvHelper writes it (quoted, escaped), from CsvHelper itself.</summary>
    private string Escaped(string field)
    {
        _escapedText ??= new StringWriter(CultureInfo.InvariantCulture);
        _escaper ??= new CsvWriter(_escapedText, _configuration, leaveOpen: true);
        _escaper.WriteField(field);
        _escaper.NextRecord();
        _escaper.Flush();
        var text = _escapedText.GetStringBuilder();
        var escaped = text.ToString(0, text.Length - _configuration.NewLine.Length);
        text.Clear();
        return escaped;
    }

    /// <summary>Room for <paramref name="bytes"/> more: a row longer than the buffer grows it (rows are sent whole).</summary>
    private void Reserve(int bytes)
    {
        if (_length + bytes <= _buffer.Length) return;
        var larger = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, _length + bytes));
        _buffer.AsSpan(0, _length).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = larger;
    }
}
