using ZifPhase.IO;

namespace ZifPhase.Tests.IO;

public class FilePathsTests
{
    [Fact]
    public void CheckingAnOutputLeavesARunToResumeAndTheFolderAsTheyWere()
    {
        var dir = TestPaths.NewTempDir();
        var output = Path.Combine(dir, "labelled.extxyz");
        File.WriteAllText(output + ".tmp", "frames of an interrupted run");
        FilePaths.CheckOutput(output);
        Assert.Equal("frames of an interrupted run", File.ReadAllText(output + ".tmp"));
        Assert.Equal([output + ".tmp"], Directory.GetFiles(dir));
    }

    [Fact]
    public void ShardsCheckingOneOutputAtOnceDoNotTripOverEachOther()
    {
        // The array tasks of a sharded run check the same output name at the same moment.
        var dir = TestPaths.NewTempDir();
        var output = Path.Combine(dir, "labelled.extxyz");
        var errors = new System.Collections.Concurrent.ConcurrentBag<Exception>();
        var threads = Enumerable.Range(0, 8).Select(_ => new Thread(() =>
        {
            for (int i = 0; i < 200; i++)
            {
                try { FilePaths.CheckOutput(output); }
                catch (Exception e) { errors.Add(e); }
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        Assert.Empty(errors);
        Assert.Empty(Directory.GetFiles(dir));
    }
}
