namespace ZifPhase.IO;

/// <summary>Settings every reader understands. Readers ignore what does not apply to their format.</summary>
public sealed record ReadOptions
{
    /// <summary>Options with every setting at its default: no type map, all frames.</summary>
    public static ReadOptions Default { get; } = new();

    /// <summary>LAMMPS type → element, for dumps without an element column and data files without mass comments.</summary>
    public TypeMap? Types { get; init; }

    /// <summary>Frames to yield; readers skip the others as cheaply as they can.</summary>
    public FrameRange Frames { get; init; } = FrameRange.All;

    /// <summary>
    /// Where the user gives a type map, for hints in errors: null for the command line's <c>--types</c>, else a
    /// place in a dataset manifest such as "[[source]] 2 in my.toml" (its <c>types =</c> key).
    /// </summary>
    public string? TypesSource { get; init; }

    /// <summary>The type map's name in messages: "--types", or "types in [[source]] 2 in my.toml".</summary>
    public string TypesName => TypesSource is null ? "--types" : $"types of {TypesSource}";

    /// <summary>How to give the type map <paramref name="map"/>: "--types MAP" or "add types = "MAP" to [[source]] 2 in my.toml".</summary>
    public string TypesHint(string map) => TypesSource is null ? $"--types {map}" : $"add types = \"{map}\" to {TypesSource}";

    /// <summary>Receives non-fatal remarks (CIF partial occupancy...). Null: dropped.</summary>
    public Action<string>? Warn { get; init; }
}
