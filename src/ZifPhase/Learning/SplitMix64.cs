namespace ZifPhase.Learning;

/// <summary>
/// SplitMix64 (Steele, Lea &amp; Flood 2014): a tiny, fully specified generator, so a seed gives the same stream on
/// every machine and .NET version (System.Random's algorithm is an implementation detail).
/// </summary>
internal struct SplitMix64
{
    private ulong _state;

    public SplitMix64(ulong seed) => _state = seed;

    /// <summary>A generator for one purpose (init, shuffle, split) of one user seed; streams do not overlap in practice.</summary>
    public static SplitMix64 ForStream(int seed, ulong stream)
    {
        var mixer = new SplitMix64(unchecked((ulong)(long)seed) ^ (stream * 0xD1B54A32D192ED03UL));
        return new SplitMix64(mixer.NextUInt64());
    }

    public ulong NextUInt64()
    {
        ulong z = unchecked(_state += 0x9E3779B97F4A7C15UL);
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        return z ^ (z >> 31);
    }

    /// <summary>Uniform in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform integer in [0, bound), unbiased (Lemire's multiply-shift with rejection).</summary>
    public int NextInt(int bound)
    {
        if (bound <= 0) throw new ArgumentOutOfRangeException(nameof(bound));
        ulong b = (ulong)bound;
        ulong threshold = (0UL - b) % b;
        while (true)
        {
            ulong x = NextUInt64();
            UInt128 m = (UInt128)x * b;
            if ((ulong)m >= threshold) return (int)(ulong)(m >> 64);
        }
    }

    /// <summary>Fisher–Yates shuffle.</summary>
    public void Shuffle(Span<int> values)
    {
        for (int i = values.Length - 1; i > 0; i--)
        {
            int j = NextInt(i + 1);
            (values[i], values[j]) = (values[j], values[i]);
        }
    }
}
