namespace ZifPhase.IO;

/// <summary>
/// An output a frame loop writes frame by frame (a feature matrix, a dataset, fractions, a labelled trajectory):
/// written atomically (NAME.tmp renamed on <see cref="Complete"/>, removed when disposed before), checkpointed
/// after every frame for a resume journal, and continued from a checkpoint by its constructor.
/// </summary>
public interface IFrameOutput : IDisposable
{
    /// <summary>The final name of the file.</summary>
    string Path { get; }

    /// <summary>Flushes what was written to the file (out of the process's buffers, so that a killed process loses
    /// none of it) and returns where a resumed run continues: the byte length of NAME.tmp, or the number of rows for
    /// a spooled HDF5 file. The resume journal records it only after this returns.</summary>
    long Checkpoint();

    /// <summary>Uncompressed bytes of the output at <paramref name="checkpoint"/>, as a shard record lists a frame's
    /// end (0 for HDF5, whose parts are joined by rows).</summary>
    long PartEnd(long checkpoint);

    /// <summary>Writes what remains and gives the file its final name.</summary>
    void Complete();

    /// <summary>Closes the file and keeps every temporary file, as a killed run leaves them, to be resumed.</summary>
    void Suspend();
}
