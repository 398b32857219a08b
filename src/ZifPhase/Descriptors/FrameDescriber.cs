using ZifPhase.Structures;

namespace ZifPhase.Descriptors;

/// <summary>
/// One frame in, descriptor rows out: selects the centres, builds the neighbour list the descriptor needs and
/// writes the rows with their frame and atom indices. Reuses its row buffer from frame to frame.
/// </summary>
public sealed class FrameDescriber(IDescriptor descriptor, CentreSelection centres, int maxDegreeOfParallelism = -1)
{
    private double[] _buffer = [];

    /// <summary>The descriptor whose rows this describer computes.</summary>
    public IDescriptor Descriptor { get; } = descriptor;
    /// <summary>Which atoms of each frame are centres.</summary>
    public CentreSelection Centres { get; } = centres;

    /// <summary>Rows for the given centres; the span is valid until the next call.</summary>
    public ReadOnlySpan<double> Compute(Frame frame, ReadOnlySpan<int> atoms)
    {
        var neighbors = Descriptor.BuildNeighbors(frame, atoms, maxDegreeOfParallelism);
        int length = Descriptor.RowCount(atoms.Length) * Descriptor.Dimension;
        if (_buffer.Length < length) _buffer = new double[length];
        var span = _buffer.AsSpan(0, length);
        Descriptor.Compute(frame, neighbors, span);
        return span;
    }
}
