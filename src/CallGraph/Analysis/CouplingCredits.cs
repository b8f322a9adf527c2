using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace CallGraph.Analysis;

/// <summary>The channels through which a member is coupled to its group; each earns a credit in the coupling score. Each has one <see cref="SignalDescriptor"/>.</summary>
public enum CouplingSignal
{
    /// <summary>Colleagues reached who are themselves coupled, against the group's median count.</summary>
    Ties,

    /// <summary>Share of the member's events exchanged with those colleagues, against the median share.</summary>
    Inside,

    /// <summary>How much the member's contacts' roster partners are this group's members, against the median.</summary>
    Embeddedness,

    /// <summary>Share of outside traffic with the group's shared contacts, against the median.</summary>
    Circle,

    /// <summary>The member's hour-of-week profile against the group's rhythm.</summary>
    Time,

    /// <summary>Share of the member's cell events from the group's main cells (absent without cells).</summary>
    Place,
}

/// <summary>The names the signals go by in files (weights.json) and messages.</summary>
public static class CouplingSignals
{
    /// <summary>Every signal, in score order.</summary>
    public static IReadOnlyList<CouplingSignal> All { get; } = Array.AsReadOnly(Enum.GetValues<CouplingSignal>());

    /// <summary>Number of signals: one more than the last <see cref="CouplingSignal"/> (a signal added after it moves this; a test checks that it counts every value).</summary>
    public const int Count = (int)CouplingSignal.Place + 1;

    /// <summary>Every signal's descriptor (what it measures, its bar, weight option, reason and column), in reason order; see <see cref="SignalDescriptor"/>.</summary>
    public static IReadOnlyList<SignalDescriptor> Descriptors { get; } = Array.AsReadOnly(SignalDescriptor.All);

    /// <summary>The descriptor of a credited signal.</summary>
    public static SignalDescriptor Descriptor(CouplingSignal signal) => SignalDescriptor.Scored[(int)signal];

    private static readonly string[] Names = SignalDescriptor.Scored.Select(d => d.Name).ToArray();

    /// <summary>The lower-case file name of <paramref name="signal"/>: ties, inside, embeddedness, circle, time, place.</summary>
    public static string Name(CouplingSignal signal) => Names[(int)signal];

    /// <summary>The signal named <paramref name="name"/> (as <see cref="Name"/> writes it, any case).</summary>
    public static bool TryParse(string name, out CouplingSignal signal)
    {
        ArgumentNullException.ThrowIfNull(name);
        int i = Array.FindIndex(Names, n => string.Equals(n, name.Trim(), StringComparison.OrdinalIgnoreCase));
        signal = (CouplingSignal)Math.Max(0, i);
        return i >= 0;
    }

    /// <summary>The number of signals in words ("six"), for messages that have always said it so.</summary>
    internal static string CountInWords { get; } = Count switch
    {
        6 => "six", 7 => "seven", 8 => "eight", 9 => "nine", 10 => "ten",
        _ => Count.ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>Throws unless <paramref name="signal"/> is one of the signals (an index into per-signal values).</summary>
    internal static int IndexOf(CouplingSignal signal, string parameter) =>
        (uint)signal < Count ? (int)signal : throw new ArgumentOutOfRangeException(parameter, signal, "not a coupling signal");
}

/// <summary>One double per <see cref="CouplingSignal"/>, inline: what the credits and the weights hold, indexed by signal.</summary>
[InlineArray(CouplingSignals.Count)]
internal struct PerSignal
{
    private double _first;
}

/// <summary>
/// Weights of the credits in the coupling score, one per <see cref="CouplingSignal"/>; the score is their weighted
/// mean over the credits defined in the member's group. Only ratios matter: all ones and all twos score alike.
/// Indexed by signal (<see cref="this[CouplingSignal]"/>, <see cref="FromValues"/>, <see cref="ToArray"/>); the named
/// properties and the six-value constructor are conveniences for the signals there have been from the start.
/// </summary>
public sealed record SignalWeights
{
    // Not readonly: the named properties' init accessors (and so `with`) write it; a record's clone copies it by value.
    private PerSignal _values;

    /// <summary>Weights of the six first signals (any signal added later weighs 0; see <see cref="FromValues"/>).</summary>
    /// <param name="Ties">Weight of <see cref="CouplingSignal.Ties"/>.</param>
    /// <param name="Inside">Weight of <see cref="CouplingSignal.Inside"/>.</param>
    /// <param name="Embeddedness">Weight of <see cref="CouplingSignal.Embeddedness"/>.</param>
    /// <param name="Circle">Weight of <see cref="CouplingSignal.Circle"/>.</param>
    /// <param name="Time">Weight of <see cref="CouplingSignal.Time"/>.</param>
    /// <param name="Place">Weight of <see cref="CouplingSignal.Place"/>.</param>
#pragma warning disable IDE1006 // PascalCase parameters, as the positional record this was had them: callers name them so.
    public SignalWeights(double Ties, double Inside, double Embeddedness, double Circle, double Time, double Place)
#pragma warning restore IDE1006
    {
        _values[(int)CouplingSignal.Ties] = Ties;
        _values[(int)CouplingSignal.Inside] = Inside;
        _values[(int)CouplingSignal.Embeddedness] = Embeddedness;
        _values[(int)CouplingSignal.Circle] = Circle;
        _values[(int)CouplingSignal.Time] = Time;
        _values[(int)CouplingSignal.Place] = Place;
    }

    private SignalWeights(ReadOnlySpan<double> values) => values.CopyTo(_values);

    /// <summary>The weights of a default <see cref="CouplingOptions"/>: each signal's default, where its descriptor states it and why.</summary>
    public static SignalWeights Default { get; } = new(SignalDescriptor.Scored.Select(d => d.DefaultWeight).ToArray());

    /// <summary>The weight of <paramref name="signal"/>.</summary>
    public double this[CouplingSignal signal] => _values[CouplingSignals.IndexOf(signal, nameof(signal))];

    /// <summary>Weight of <see cref="CouplingSignal.Ties"/>.</summary>
    public double Ties { get => _values[(int)CouplingSignal.Ties]; init => _values[(int)CouplingSignal.Ties] = value; }

    /// <summary>Weight of <see cref="CouplingSignal.Inside"/>.</summary>
    public double Inside { get => _values[(int)CouplingSignal.Inside]; init => _values[(int)CouplingSignal.Inside] = value; }

    /// <summary>Weight of <see cref="CouplingSignal.Embeddedness"/>.</summary>
    public double Embeddedness { get => _values[(int)CouplingSignal.Embeddedness]; init => _values[(int)CouplingSignal.Embeddedness] = value; }

    /// <summary>Weight of <see cref="CouplingSignal.Circle"/>.</summary>
    public double Circle { get => _values[(int)CouplingSignal.Circle]; init => _values[(int)CouplingSignal.Circle] = value; }

    /// <summary>Weight of <see cref="CouplingSignal.Time"/>.</summary>
    public double Time { get => _values[(int)CouplingSignal.Time]; init => _values[(int)CouplingSignal.Time] = value; }

    /// <summary>Weight of <see cref="CouplingSignal.Place"/>.</summary>
    public double Place { get => _values[(int)CouplingSignal.Place]; init => _values[(int)CouplingSignal.Place] = value; }

    /// <summary>The weights of the six first signals.</summary>
#pragma warning disable IDE1006 // named as the positional record's were
    public void Deconstruct(out double Ties, out double Inside, out double Embeddedness, out double Circle, out double Time, out double Place) =>
        (Ties, Inside, Embeddedness, Circle, Time, Place) = (this.Ties, this.Inside, this.Embeddedness, this.Circle, this.Time, this.Place);
#pragma warning restore IDE1006

    /// <summary>Weights from one value per signal, in <see cref="CouplingSignals.All"/> order.</summary>
    public static SignalWeights FromValues(ReadOnlySpan<double> values)
    {
        if (values.Length != CouplingSignals.Count) throw new ArgumentException($"expected {CouplingSignals.Count} weights, got {values.Length}", nameof(values));
        return new SignalWeights(values);
    }

    /// <summary>One value per signal, in <see cref="CouplingSignals.All"/> order.</summary>
    public double[] ToArray() => ((ReadOnlySpan<double>)_values).ToArray();

    /// <summary>Why these weights cannot score (a weight negative or not finite, their sum not finite, or none positive); null when they can.</summary>
    public string? Problem()
    {
        foreach (var s in CouplingSignals.All)
        {
            double w = this[s];
            if (!double.IsFinite(w)) return $"weight of {CouplingSignals.Name(s)} is not a finite number";
            if (w < 0) return $"weight of {CouplingSignals.Name(s)} is negative ({w.ToString(CultureInfo.InvariantCulture)})";
        }
        // The score divides by the sum of the weights: it must be a number too.
        if (!double.IsFinite(ToArray().Sum())) return "the weights are too large to add up; scale them down (only their ratios matter)";
        return ToArray().Any(w => w > 0) ? null : "no weight is positive";
    }

    /// <summary>The same weight for every signal.</summary>
    public bool Equals(SignalWeights? other)
    {
        if (other is null) return false;
        for (int i = 0; i < CouplingSignals.Count; i++)
            if (!_values[i].Equals(other._values[i])) return false;
        return true;
    }

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (double w in (ReadOnlySpan<double>)_values) hash.Add(w);
        return hash.ToHashCode();
    }

    /// <summary>"ties 1, inside 0, …", for messages.</summary>
    public override string ToString() =>
        string.Join(", ", CouplingSignals.All.Select(s => $"{CouplingSignals.Name(s)} {this[s].ToString("0.###", CultureInfo.InvariantCulture)}"));
}

/// <summary>
/// A scored member's credits, one per <see cref="CouplingSignal"/>, each in 0..1 (1: at least as coupled on that channel as the group's median
/// active member). A credit whose signal says nothing about the member's group (no cells in the dump, members who
/// share no contacts, no rhythm) is <b>absent</b>, not 0: the score renormalises the weights over the credits that
/// are present. <c>default</c> has no credit at all (the member's group was not scored).
/// </summary>
public readonly struct CouplingCredits : IEquatable<CouplingCredits>
{
    // One value per signal and a bit per present credit: about half the size of nullable doubles, for a struct every member carries.
    private readonly PerSignal _values;
    private readonly uint _present;

    /// <summary>Credits of the six first signals; null marks a credit absent in the member's group (and any signal added later is absent). Values must be finite.</summary>
    public CouplingCredits(double? ties, double? inside, double? embeddedness, double? circle, double? time, double? place)
        : this(PadToCount([ties, inside, embeddedness, circle, time, place]))
    {
    }

    /// <summary>Credits from one value per signal, in <see cref="CouplingSignals.All"/> order; null marks a credit absent in the member's group. Values must be finite.</summary>
    public CouplingCredits(ReadOnlySpan<double?> credits)
    {
        if (credits.Length != CouplingSignals.Count) throw new ArgumentException($"expected {CouplingSignals.Count} credits, got {credits.Length}", nameof(credits));
        for (int i = 0; i < credits.Length; i++)
        {
            if (credits[i] is not double v) continue;
            if (!double.IsFinite(v)) throw new ArgumentOutOfRangeException(nameof(credits), "a present credit must be a finite number");
            _values[i] = v;
            _present |= 1u << i;
        }
    }

    private CouplingCredits(ReadOnlySpan<double> credits, uint present)
    {
        credits.CopyTo(_values);
        _present = present;
    }

    /// <summary>Credits from one value per signal, NaN marking an absent one (the scorer's form; allocates nothing).</summary>
    internal static CouplingCredits FromScores(ReadOnlySpan<double> credits)
    {
        Span<double> values = stackalloc double[CouplingSignals.Count];
        uint present = 0;
        for (int i = 0; i < values.Length; i++)
        {
            if (double.IsNaN(credits[i])) continue;
            values[i] = credits[i];
            present |= 1u << i;
        }
        return new CouplingCredits(values, present);
    }

    private static double?[] PadToCount(double?[] firstSix) => firstSix.Length == CouplingSignals.Count ? firstSix : [.. firstSix, .. new double?[CouplingSignals.Count - firstSix.Length]];

    /// <summary>The credit of <paramref name="signal"/>, null when absent.</summary>
    public double? this[CouplingSignal signal] => IsPresent(signal) ? Value(signal) : null;

    /// <summary>Whether the credit of <paramref name="signal"/> is defined for this member.</summary>
    public bool IsPresent(CouplingSignal signal) => (_present & (1u << CouplingSignals.IndexOf(signal, nameof(signal)))) != 0;

    /// <summary>How many credits are present (0 for a member of an unscored group).</summary>
    public int PresentCount => System.Numerics.BitOperations.PopCount(_present);

    private double Value(CouplingSignal signal) => _values[(int)signal];

    /// <summary>
    /// The coupling score these credits earn under <paramref name="weights"/>: the weighted mean over the present
    /// credits (the weights renormalised over them), 0 when no present credit has weight. With the run's own weights
    /// this is the member's score before rounding.
    /// </summary>
    public double WeightedMean(SignalWeights weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        double weighted = 0, total = 0;
        for (int i = 0; i < CouplingSignals.Count; i++)
        {
            var s = (CouplingSignal)i;
            if (!IsPresent(s)) continue;
            weighted += weights[s] * Value(s);
            total += weights[s];
        }
        return total > 0 ? weighted / total : 0;
    }

    /// <inheritdoc/>
    public bool Equals(CouplingCredits other)
    {
        if (_present != other._present) return false;
        for (int i = 0; i < CouplingSignals.Count; i++)
            if (!_values[i].Equals(other._values[i])) return false;
        return true;
    }

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is CouplingCredits other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(_present);
        foreach (double v in (ReadOnlySpan<double>)_values) hash.Add(v);
        return hash.ToHashCode();
    }

    /// <summary>Equal credits.</summary>
    public static bool operator ==(CouplingCredits left, CouplingCredits right) => left.Equals(right);

    /// <summary>Different credits.</summary>
    public static bool operator !=(CouplingCredits left, CouplingCredits right) => !left.Equals(right);

    /// <summary>"ties 1, inside 0.5, …, place absent".</summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        foreach (var s in CouplingSignals.All)
        {
            if (sb.Length > 0) sb.Append(", ");
            sb.Append(CouplingSignals.Name(s)).Append(' ');
            sb.Append(this[s] is double v ? v.ToString("0.####", CultureInfo.InvariantCulture) : "absent");
        }
        return sb.ToString();
    }
}
