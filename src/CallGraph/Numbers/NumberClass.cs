namespace CallGraph.Numbers;

/// <summary>What kind of line a canonical number is; decides whether it can be a member or a prospect.</summary>
public enum NumberClass : byte
{
    /// <summary>Not a usable number.</summary>
    Invalid = 0,

    /// <summary>An 11-digit mainland mobile number (1[3-9]xxxxxxxxx).</summary>
    Mobile = 1,

    /// <summary>A fixed line, with its <c>0</c> and area code when dialled that way.</summary>
    Fixed = 2,

    /// <summary>Hotlines and short codes (100xx, 95xxx, 96xxx, 12xxx, 400/800, 3–6 digits): never members or prospects.</summary>
    Service = 3,

    /// <summary>A number outside mainland China (dialled with 00 and a country code other than 86).</summary>
    International = 4,

    /// <summary>Digits that fit none of the patterns above; kept, but never members or prospects.</summary>
    Other = 5,

    /// <summary>An opaque subscriber id (<see cref="SubscriberIdKind.Opaque"/>): nothing is inferred from its characters.</summary>
    Opaque = 6,
}
