namespace ZifPhase.IO;

public enum TrajectoryFormat
{
    LammpsDump,
    ExtendedXyz,
    Cif,
    LammpsData,
}

public static class TrajectoryFormats
{
    /// <summary>Format named by the file extension (a trailing .gz is ignored), or null when the extension says nothing.</summary>
    public static TrajectoryFormat? FromExtension(string path)
    {
        var name = Path.GetFileName(path).ToLowerInvariant();
        if (name.EndsWith(".gz", StringComparison.Ordinal)) name = name[..^3];
        return Path.GetExtension(name) switch
        {
            ".lammpstrj" or ".dump" or ".lammpsdump" => TrajectoryFormat.LammpsDump,
            ".extxyz" or ".xyz" => TrajectoryFormat.ExtendedXyz,
            ".cif" => TrajectoryFormat.Cif,
            ".data" or ".lmp" or ".lammps" => TrajectoryFormat.LammpsData,
            _ => null,
        };
    }

    /// <summary>Parses a user-given format name: dump, lammps-dump, extxyz, xyz, cif, data, lammps-data.</summary>
    public static TrajectoryFormat Parse(string name) => name.Trim().ToLowerInvariant() switch
    {
        "dump" or "lammps-dump" or "lammpstrj" => TrajectoryFormat.LammpsDump,
        "extxyz" or "xyz" => TrajectoryFormat.ExtendedXyz,
        "cif" => TrajectoryFormat.Cif,
        "data" or "lammps-data" or "lmp" => TrajectoryFormat.LammpsData,
        _ => throw new ArgumentException($"unknown format '{name}' (use dump, extxyz, cif or data)"),
    };

    /// <summary>The format in words: "LAMMPS dump", "extended XYZ", "CIF", "LAMMPS data".</summary>
    public static string Describe(TrajectoryFormat format) => format switch
    {
        TrajectoryFormat.LammpsDump => "LAMMPS dump",
        TrajectoryFormat.ExtendedXyz => "extended XYZ",
        TrajectoryFormat.Cif => "CIF",
        TrajectoryFormat.LammpsData => "LAMMPS data",
        _ => format.ToString(),
    };

    public static string Name(TrajectoryFormat format) => format switch
    {
        TrajectoryFormat.LammpsDump => "lammps-dump",
        TrajectoryFormat.ExtendedXyz => "extxyz",
        TrajectoryFormat.Cif => "cif",
        TrajectoryFormat.LammpsData => "lammps-data",
        _ => format.ToString(),
    };
}
