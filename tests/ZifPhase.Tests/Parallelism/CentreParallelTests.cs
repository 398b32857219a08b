using System.Collections.Concurrent;
using ZifPhase.Parallelism;

namespace ZifPhase.Tests.Parallelism;

public class CentreParallelTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    [InlineData(-1)]
    public void EveryItemOnceInFixedChunksForAnyThreadCount(int threads)
    {
        const int count = 1001, chunkSize = 8;
        var seen = new int[count];
        var chunkOf = new int[count];
        CentreParallel.For(count, chunkSize, threads, (chunk, first, end) =>
        {
            Assert.Equal(chunk * chunkSize, first);
            Assert.Equal(Math.Min(count, first + chunkSize), end);
            for (int i = first; i < end; i++)
            {
                Interlocked.Increment(ref seen[i]);
                chunkOf[i] = chunk;
            }
        });
        Assert.All(seen, s => Assert.Equal(1, s));
        for (int i = 0; i < count; i++) Assert.Equal(i / chunkSize, chunkOf[i]);
    }

    [Fact]
    public void WorkspacesArePerWorkerNotPerItemAndAllReleased()
    {
        int created = 0;
        var released = new ConcurrentBag<object>();
        CentreParallel.For(10_000, 8, 2, () => { Interlocked.Increment(ref created); return new object(); },
            (_, _, _, _) => { }, released.Add);
        Assert.InRange(created, 1, 1250 / 2);
        Assert.Equal(created, released.Count);

        created = 0;
        CentreParallel.For(10_000, 8, 1, () => { created++; return new object(); }, (_, _, _, _) => { });
        Assert.Equal(1, created);
    }

    [Fact]
    public void OutputSpanReachesEveryChunk()
    {
        var output = new double[3 * 100];
        CentreParallel.For(output.AsSpan(), 100, 7, 2, static () => 0, (_, first, end, rows, _) =>
        {
            for (int i = first; i < end; i++) rows.Slice(3 * i, 3).Fill(i);
        });
        for (int i = 0; i < 100; i++) Assert.Equal([i, i, i], output.AsSpan(3 * i, 3).ToArray());
    }

    [Fact]
    public void ThreadCountsOtherThanMinusOneOrPositiveAreRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => CentreParallel.For(10, 2, 0, (_, _, _) => { }));
        Assert.Throws<ArgumentOutOfRangeException>(() => CentreParallel.For(10, 2, -2, (_, _, _) => { }));
        CentreParallel.For(0, 2, 1, (_, _, _) => throw new InvalidOperationException("no chunk for no items"));
    }
}
