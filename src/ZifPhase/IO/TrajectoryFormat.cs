using ZifPhase.Structures;

namespace ZifPhase.IO;

/// <summary>A supported structure or trajectory file format; <see cref="TrajectoryFormats"/> describes each.</summary>
public enum TrajectoryFormat
{
    /// <summary>LAMMPS dump (text, .lammpstrj/.dump): many frames; readable, writable, followable.</summary>
    LammpsDump,
    /// <summary>Extended XYZ (.extxyz/.xyz): many frames; readable, writable, followable.</summary>
    ExtendedXyz,
    /// <summary>CIF (.cif): one crystal structure; read only.</summary>
    Cif,
    /// <summary>LAMMPS data file (.data/.lmp): one structure; read only.</summary>
    LammpsData,
}

/// <summary>Recognises a format from the first bytes of a file (up to 4 KiB, gzip already undone).</summary>
public delegate bool FormatSniffer(ReadOnlySpan<byte> head);

/// <summary>
/// One supported file format: its names, extensions, description and the functions that read, recognise, count
/// and write it. <see cref="TrajectoryFormats.All"/> holds one per format, in detection order.
/// </summary>
/// <param name="Format">The enum value that names the format in the API.</param>
/// <param name="Name">Canonical name, as printed (<c>zifphase info</c>): "lammps-dump".</param>
/// <param name="Aliases">Names accepted by <c>--format</c>; the first is the short one that error messages suggest.</param>
/// <param name="Extensions">File extensions (with the dot, lower case; a trailing .gz is ignored).</param>
/// <param name="Description">The format in words: "LAMMPS dump".</param>
/// <param name="Read">Lazily reads the frames of a (decompressed) stream named by a path.</param>
/// <param name="LooksLike">Whether the first bytes of a file look like this format.</param>
/// <param name="CountFrames">Counts frames from headers only, or null when counting means reading.</param>
/// <param name="Write">Writes one frame as text, or null when the format is read only.</param>
/// <param name="CanFollow">Whether frames can be read while the file is still being written.</param>
public sealed record TrajectoryFormatInfo(
    TrajectoryFormat Format,
    string Name,
    string[] Aliases,
    string[] Extensions,
    string Description,
    Func<Stream, string, ReadOptions, IEnumerable<Frame>> Read,
    FormatSniffer LooksLike,
    Func<Stream, string, int>? CountFrames,
    Action<TextWriter, Frame>? Write,
    bool CanFollow);

/// <summary>
/// The format registry, in the spirit of ASE's <c>ase/io/formats.py</c>: one line per format. Adding a format is
/// an enum value, a line in <see cref="All"/> and its reader file.
/// </summary>
public static class TrajectoryFormats
{
    /// <summary>Every format, in the order content detection tries them.</summary>
    public static IReadOnlyList<TrajectoryFormatInfo> All { get; } =
    [
        new(TrajectoryFormat.LammpsDump, "lammps-dump", ["dump", "lammps-dump", "lammpstrj"], [".lammpstrj", ".dump", ".lammpsdump"], "LAMMPS dump", LammpsDump.Read, LammpsDump.LooksLike, LammpsDump.CountFrames, LammpsDump.Write, CanFollow: true),
        new(TrajectoryFormat.ExtendedXyz, "extxyz", ["extxyz", "xyz"], [".extxyz", ".xyz"], "extended XYZ", ExtendedXyz.Read, ExtendedXyz.LooksLike, ExtendedXyz.CountFrames, ExtendedXyz.Write, CanFollow: true),
        new(TrajectoryFormat.Cif, "cif", ["cif"], [".cif"], "CIF", Cif.Read, Cif.LooksLike, CountFrames: null, Write: null, CanFollow: false),
        new(TrajectoryFormat.LammpsData, "lammps-data", ["data", "lammps-data", "lmp"], [".data", ".lmp", ".lammps"], "LAMMPS data", LammpsData.Read, LammpsData.LooksLike, CountFrames: null, Write: null, CanFollow: false),
    ];

    /// <summary>The registry line of <paramref name="format"/>.</summary>
    public static TrajectoryFormatInfo Info(TrajectoryFormat format)
    {
        foreach (var info in All)
            if (info.Format == format) return info;
        throw new ArgumentOutOfRangeException(nameof(format), format, "no such format");
    }

    /// <summary>Format named by the file extension (a trailing .gz is ignored), or null when the extension says nothing.</summary>
    public static TrajectoryFormat? FromExtension(string path)
    {
        var name = Path.GetFileName(path).ToLowerInvariant();
        if (name.EndsWith(".gz", StringComparison.Ordinal)) name = name[..^3];
        var extension = Path.GetExtension(name);
        foreach (var info in All)
            if (info.Extensions.Contains(extension)) return info.Format;
        return null;
    }

    /// <summary>Parses a user-given format name: dump, lammps-dump, extxyz, xyz, cif, data, lammps-data.</summary>
    /// <exception cref="UsageException">The name is none of the formats' aliases.</exception>
    public static TrajectoryFormat Parse(string name)
    {
        var key = name.Trim().ToLowerInvariant();
        foreach (var info in All)
            if (info.Aliases.Contains(key)) return info.Format;
        throw new UsageException($"unknown format '{name}' (use {JoinOr(All.Select(f => f.Aliases[0]))})");
    }

    /// <summary>The format in words: "LAMMPS dump", "extended XYZ", "CIF", "LAMMPS data".</summary>
    public static string Describe(TrajectoryFormat format) => Info(format).Description;

    /// <summary>The canonical name: "lammps-dump", "extxyz", "cif", "lammps-data".</summary>
    public static string Name(TrajectoryFormat format) => Info(format).Name;

    /// <summary>Whether frames can be written in <paramref name="format"/>.</summary>
    public static bool CanWrite(TrajectoryFormat format) => Info(format).Write is not null;

    /// <summary>"a LAMMPS dump, extended XYZ, CIF or LAMMPS data file": every format, for error messages.</summary>
    internal static string DescribeAll() => $"a {JoinOr(All.Select(f => f.Description))} file";

    private static string JoinOr(IEnumerable<string> words)
    {
        var list = words.ToList();
        return list.Count == 1 ? list[0] : $"{string.Join(", ", list.Take(list.Count - 1))} or {list[^1]}";
    }
}
