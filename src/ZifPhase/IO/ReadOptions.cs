namespace ZifPhase.IO;

/// <summary>Settings every reader understands. Readers ignore what does not apply to their format.</summary>
public sealed record ReadOptions
{
    public static ReadOptions Default { get; } = new();

    /// <summary>LAMMPS type → element, for dumps without an element column and data files without mass comments.</summary>
    public TypeMap? Types { get; init; }

    /// <summary>Frames to yield; readers skip the others as cheaply as they can.</summary>
    public FrameRange Frames { get; init; } = FrameRange.All;

    /// <summary>Receives non-fatal remarks (CIF partial occupancy...). Null: dropped.</summary>
    public Action<string>? Warn { get; init; }
}
