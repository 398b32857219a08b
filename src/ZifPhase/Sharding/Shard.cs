using System.Globalization;

namespace ZifPhase.Sharding;

/// <summary>How the selected frames are dealt out to shards.</summary>
public enum ShardMode
{
    /// <summary>Contiguous blocks: shard i of n takes selected frames ⌊(i−1)F/n⌋ … ⌊iF/n⌋−1.</summary>
    Blocks,

    /// <summary>Round robin: selected frame k goes to shard (k mod n) + 1 (evens out cost that drifts along a run).</summary>
    Stride,
}

/// <summary>Shard <see cref="Index"/> of <see cref="Count"/>, numbered from 1 like a Slurm array <c>--array=1-N</c>.</summary>
public readonly record struct Shard(int Index, int Count)
{
    /// <summary>Parses the --shard value "I/N" (1 ≤ I ≤ N).</summary>
    /// <exception cref="ZifPhaseException">The text is not I/N with whole numbers, N is below 1, or I lies outside 1…N.</exception>
    public static Shard Parse(string text)
    {
        var parts = text.Split('/');
        if (parts.Length != 2
            || !int.TryParse(parts[0].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int i)
            || !int.TryParse(parts[1].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int n))
            throw new ZifPhaseException($"--shard '{text}': expected I/N, e.g. 2/8");
        if (n < 1) throw new ZifPhaseException($"--shard '{text}': the number of shards must be at least 1");
        if (i < 1 || i > n) throw new ZifPhaseException($"--shard '{text}': shards are numbered 1 to {n}");
        return new Shard(i, n);
    }

    /// <summary>Parses the --shard-by value: "blocks" (or "block") or "stride", case-insensitive.</summary>
    /// <exception cref="ZifPhaseException">The text is neither.</exception>
    public static ShardMode ParseMode(string text) => text.Trim().ToLowerInvariant() switch
    {
        "blocks" or "block" => ShardMode.Blocks,
        "stride" => ShardMode.Stride,
        _ => throw new ZifPhaseException($"--shard-by '{text}': use blocks or stride"),
    };

    /// <summary>The shard (1-based) that holds selected frame <paramref name="position"/> of <paramref name="total"/>.</summary>
    public static int Owner(long position, long total, int count, ShardMode mode)
    {
        if (mode == ShardMode.Stride) return (int)(position % count) + 1;
        // the largest i with ⌊(i−1)·total/count⌋ ≤ position
        int guess = (int)Math.Min(count, (position * count) / Math.Max(total, 1) + 1);
        while (guess > 1 && Start(guess, total, count) > position) guess--;
        while (guess < count && Start(guess + 1, total, count) <= position) guess++;
        return guess;
    }

    /// <summary>First selected frame of block shard <paramref name="index"/>.</summary>
    public static long Start(int index, long total, int count) => (index - 1) * total / count;

    /// <summary>"I/N", as --shard takes it.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Index}/{Count}");
}
