namespace ZifPhase.Parallelism;

/// <summary>Work on the items <paramref name="first"/> … <paramref name="end"/> − 1 of one chunk, with a worker's own workspace.</summary>
public delegate void ChunkBody<in TWorkspace>(int chunk, int first, int end, TWorkspace workspace);

/// <summary>As <see cref="ChunkBody{TWorkspace}"/>, with the whole output span of the call (each chunk writes only its own part).</summary>
public delegate void ChunkBody<T, in TWorkspace>(int chunk, int first, int end, Span<T> output, TWorkspace workspace);

/// <summary>
/// Deterministic parallel loop over centres (or any independent items), the one scheduler of the descriptors,
/// the neighbour search and t-SNE. Items 0 … count − 1 are cut into consecutive chunks of a size the caller fixes
/// (independent of the thread count); each chunk is processed by one worker, start to end, with a workspace
/// that worker alone uses. Whatever the thread count, every chunk sees the same items in the same order, so
/// results written per item or per chunk (and reduced by the caller in chunk order) are bit-identical for 1, 2
/// or N threads. With one thread, or one chunk, everything runs on the calling thread with one workspace.
/// Workspaces are created once per worker (not per item) and handed back through <c>release</c>, e.g. to a pool.
/// </summary>
public static class CentreParallel
{
    /// <summary>Throws unless <paramref name="maxDegreeOfParallelism"/> is −1 (all cores) or positive.</summary>
    public static void CheckThreads(int maxDegreeOfParallelism, string paramName)
    {
        if (maxDegreeOfParallelism == 0 || maxDegreeOfParallelism < -1)
            throw new ArgumentOutOfRangeException(paramName, maxDegreeOfParallelism, "use -1 (all cores) or a positive count");
    }

    /// <summary>Threads a <c>maxDegreeOfParallelism</c> stands for: −1 is every core.</summary>
    public static int Threads(int maxDegreeOfParallelism) =>
        maxDegreeOfParallelism == -1 ? Environment.ProcessorCount : maxDegreeOfParallelism;

    /// <summary>Chunks of <paramref name="chunkSize"/> items that cover <paramref name="count"/> items.</summary>
    public static int ChunkCount(int count, int chunkSize) => (count + chunkSize - 1) / chunkSize;

    /// <summary>
    /// A chunk size for <paramref name="count"/> cheap items: about 16 chunks per core of this machine, between 1
    /// and <paramref name="maxChunk"/> items. It depends on the machine, never on the thread count of the call.
    /// </summary>
    public static int BalancedChunkSize(int count, int maxChunk) =>
        Math.Clamp(count / (Environment.ProcessorCount * 16), 1, maxChunk);

    /// <summary>Runs <paramref name="body"/>(chunk, first, end) on every chunk of <paramref name="count"/> items; no workspace.</summary>
    public static void For(int count, int chunkSize, int maxDegreeOfParallelism, Action<int, int, int> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        For<object?>(count, chunkSize, maxDegreeOfParallelism, static () => null, (chunk, first, end, _) => body(chunk, first, end));
    }

    /// <summary>
    /// Runs <paramref name="body"/> on every chunk of <paramref name="count"/> items, each worker with a workspace
    /// from <paramref name="create"/>, given to <paramref name="release"/> (when not null) once the worker is done.
    /// </summary>
    public static void For<TWorkspace>(int count, int chunkSize, int maxDegreeOfParallelism,
        Func<TWorkspace> create, ChunkBody<TWorkspace> body, Action<TWorkspace>? release = null)
    {
        ArgumentNullException.ThrowIfNull(create);
        ArgumentNullException.ThrowIfNull(body);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(chunkSize);
        CheckThreads(maxDegreeOfParallelism, nameof(maxDegreeOfParallelism));
        int chunks = ChunkCount(count, chunkSize);
        if (chunks == 0) return;
        if (chunks == 1 || Threads(maxDegreeOfParallelism) == 1)
        {
            var workspace = create();
            for (int c = 0; c < chunks; c++) body(c, c * chunkSize, Math.Min(count, (c + 1) * chunkSize), workspace);
            release?.Invoke(workspace);
            return;
        }
        Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = Threads(maxDegreeOfParallelism) },
            create,
            (c, _, workspace) =>
            {
                body(c, c * chunkSize, Math.Min(count, (c + 1) * chunkSize), workspace);
                return workspace;
            },
            release ?? (static _ => { }));
    }

    /// <summary>
    /// <see cref="For{TWorkspace}(int, int, int, Func{TWorkspace}, ChunkBody{TWorkspace}, Action{TWorkspace})"/> writing
    /// into <paramref name="output"/>: the span is pinned for the call and every chunk gets all of it, to write its
    /// own rows (chunks must not write the same elements).
    /// </summary>
    public static unsafe void For<T, TWorkspace>(Span<T> output, int count, int chunkSize, int maxDegreeOfParallelism,
        Func<TWorkspace> create, ChunkBody<T, TWorkspace> body, Action<TWorkspace>? release = null)
        where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(body);
        fixed (T* pointer = output)
        {
            nint address = (nint)pointer;
            int length = output.Length;
            For(count, chunkSize, maxDegreeOfParallelism, create,
                (chunk, first, end, workspace) => body(chunk, first, end, new Span<T>((void*)address, length), workspace),
                release);
        }
    }
}
