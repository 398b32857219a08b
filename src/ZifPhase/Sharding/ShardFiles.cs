using System.Globalization;

namespace ZifPhase.Sharding;

/// <summary>
/// Names of a shard's files. With <c>--shard 3/16 -o soap.npy</c> the shard writes <c>soap.shard-03-of-16.npy</c>
/// and its record <c>soap.shard-03-of-16.npy.shard.json</c>, so every task of an array runs the same command line.
/// </summary>
public static class ShardFiles
{
    /// <summary>
    /// Path of the part that <paramref name="shard"/> writes for output <paramref name="target"/>: "NAME.shard-II-of-N.EXT" beside it, the index zero-padded to the width of N and the whole extension (".extxyz.gz") kept.
    /// </summary>
    public static string PartPath(string target, Shard shard)
    {
        var dir = Path.GetDirectoryName(target);
        var name = Path.GetFileName(target);
        // keep the whole extension (".extxyz.gz", not ".gz") so the part is read and written as the target is
        int dot = name.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? name.LastIndexOf('.', Math.Max(name.Length - 4, 0)) : name.LastIndexOf('.');
        if (dot <= 0) dot = name.Length;
        int width = shard.Count.ToString(CultureInfo.InvariantCulture).Length;
        var part = string.Create(CultureInfo.InvariantCulture,
            $"{name[..dot]}.shard-{shard.Index.ToString(CultureInfo.InvariantCulture).PadLeft(width, '0')}-of-{shard.Count}{name[dot..]}");
        return string.IsNullOrEmpty(dir) ? part : Path.Combine(dir, part);
    }

    /// <summary>Path of the record beside part <paramref name="part"/>: PART.shard.json.</summary>
    public static string RecordPath(string part) => IO.PartSet.RecordOf(part);

    /// <summary>The part a path names: the path itself, or the part beside a record given instead.</summary>
    public static string PartOf(string path) => path.EndsWith(".shard.json", StringComparison.Ordinal) ? path[..^".shard.json".Length] : path;
}
