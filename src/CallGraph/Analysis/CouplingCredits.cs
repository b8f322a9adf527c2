using System.Globalization;
using System.Text;

namespace CallGraph.Analysis;

/// <summary>The six channels through which a member is coupled to its group; each earns a credit in the coupling score.</summary>
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

    /// <summary>Number of signals.</summary>
    public const int Count = 6;

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
}

/// <summary>
/// Weights of the six credits in the coupling score, which is their weighted mean over the credits defined in
/// the member's group. Only ratios matter: (1, 1, 1, 1, 1, 1) and (2, 2, 2, 2, 2, 2) score alike.
/// </summary>
/// <param name="Ties">Weight of <see cref="CouplingSignal.Ties"/>.</param>
/// <param name="Inside">Weight of <see cref="CouplingSignal.Inside"/>.</param>
/// <param name="Embeddedness">Weight of <see cref="CouplingSignal.Embeddedness"/>.</param>
/// <param name="Circle">Weight of <see cref="CouplingSignal.Circle"/>.</param>
/// <param name="Time">Weight of <see cref="CouplingSignal.Time"/>.</param>
/// <param name="Place">Weight of <see cref="CouplingSignal.Place"/>.</param>
public sealed record SignalWeights(double Ties, double Inside, double Embeddedness, double Circle, double Time, double Place)
{
    /// <summary>The weights of a default <see cref="CouplingOptions"/>.</summary>
    public static SignalWeights Default { get; } = new CouplingOptions().Weights;

    /// <summary>The weight of <paramref name="signal"/>.</summary>
    public double this[CouplingSignal signal] => signal switch
    {
        CouplingSignal.Ties => Ties,
        CouplingSignal.Inside => Inside,
        CouplingSignal.Embeddedness => Embeddedness,
        CouplingSignal.Circle => Circle,
        CouplingSignal.Time => Time,
        CouplingSignal.Place => Place,
        _ => throw new ArgumentOutOfRangeException(nameof(signal)),
    };

    /// <summary>Weights from one value per signal, in <see cref="CouplingSignals.All"/> order.</summary>
    public static SignalWeights FromValues(ReadOnlySpan<double> values)
    {
        if (values.Length != CouplingSignals.Count) throw new ArgumentException($"expected {CouplingSignals.Count} weights, got {values.Length}", nameof(values));
        return new SignalWeights(values[0], values[1], values[2], values[3], values[4], values[5]);
    }

    /// <summary>One value per signal, in <see cref="CouplingSignals.All"/> order.</summary>
    public double[] ToArray() => [Ties, Inside, Embeddedness, Circle, Time, Place];

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

    /// <summary>"ties 1, inside 0, …", for messages.</summary>
    public override string ToString() =>
        string.Join(", ", CouplingSignals.All.Select(s => $"{CouplingSignals.Name(s)} {this[s].ToString("0.###", CultureInfo.InvariantCulture)}"));
}

/// <summary>
/// A scored member's six credits, each in 0..1 (1: at least as coupled on that channel as the group's median
/// active member). A credit whose signal says nothing about the member's group (no cells in the dump, members who
/// share no contacts, no rhythm) is <b>absent</b>, not 0: the score renormalises the weights over the credits that
/// are present. <c>default</c> has no credit at all (the member's group was not scored).
/// </summary>
public readonly struct CouplingCredits : IEquatable<CouplingCredits>
{
    // Six values and a bit per present credit: half the size of six nullable doubles, for a struct every member carries.
    private readonly double _ties, _inside, _embeddedness, _circle, _time, _place;
    private readonly byte _present;

    /// <summary>Credits from their values; null marks a credit absent in the member's group. Values must be finite.</summary>
    public CouplingCredits(double? ties, double? inside, double? embeddedness, double? circle, double? time, double? place)
        : this(ties ?? double.NaN, inside ?? double.NaN, embeddedness ?? double.NaN, circle ?? double.NaN, time ?? double.NaN, place ?? double.NaN)
    {
        foreach (var v in new[] { ties, inside, embeddedness, circle, time, place })
            if (v is double d && !double.IsFinite(d)) throw new ArgumentOutOfRangeException(nameof(ties), "a present credit must be a finite number");
    }

    /// <summary>Credits from their values, NaN marking an absent one (the scorer's form).</summary>
    internal CouplingCredits(double ties, double inside, double embeddedness, double circle, double time, double place)
    {
        _present = 0;
        _ties = Keep(ties, 0, ref _present);
        _inside = Keep(inside, 1, ref _present);
        _embeddedness = Keep(embeddedness, 2, ref _present);
        _circle = Keep(circle, 3, ref _present);
        _time = Keep(time, 4, ref _present);
        _place = Keep(place, 5, ref _present);
    }

    private static double Keep(double value, int bit, ref byte present)
    {
        if (double.IsNaN(value)) return 0;
        present |= (byte)(1 << bit);
        return value;
    }

    /// <summary>The credit of <paramref name="signal"/>, null when absent.</summary>
    public double? this[CouplingSignal signal] => IsPresent(signal) ? Value(signal) : null;

    /// <summary>Whether the credit of <paramref name="signal"/> is defined for this member.</summary>
    public bool IsPresent(CouplingSignal signal) => (_present & (1 << (int)signal)) != 0;

    /// <summary>How many credits are present (0 for a member of an unscored group).</summary>
    public int PresentCount => System.Numerics.BitOperations.PopCount(_present);

    private double Value(CouplingSignal signal) => signal switch
    {
        CouplingSignal.Ties => _ties,
        CouplingSignal.Inside => _inside,
        CouplingSignal.Embeddedness => _embeddedness,
        CouplingSignal.Circle => _circle,
        CouplingSignal.Time => _time,
        CouplingSignal.Place => _place,
        _ => throw new ArgumentOutOfRangeException(nameof(signal)),
    };

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
    public bool Equals(CouplingCredits other) =>
        _present == other._present && _ties.Equals(other._ties) && _inside.Equals(other._inside) && _embeddedness.Equals(other._embeddedness)
        && _circle.Equals(other._circle) && _time.Equals(other._time) && _place.Equals(other._place);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is CouplingCredits other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(_present, _ties, _inside, _embeddedness, _circle, _time, _place);

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
