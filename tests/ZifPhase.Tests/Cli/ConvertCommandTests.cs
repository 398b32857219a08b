using ZifPhase.IO;
using ZifPhase.Structures;

namespace ZifPhase.Tests.Cli;

public class ConvertCommandTests
{
    [Fact]
    public void CifToExtxyzToDumpKeepsAtomsAndCell()
    {
        var dir = TestPaths.NewTempDir();
        var cif = TestPaths.Data("structures", "widmer-2019", "ZIF-4-cp-II.cif");
        var xyz = Path.Combine(dir, "cp2.extxyz");
        var dump = Path.Combine(dir, "cp2.lammpstrj.gz");
        Assert.Equal(0, CliRunner.Run("convert", cif, xyz).Code);
        Assert.Equal(0, CliRunner.Run("convert", xyz, dump).Code);
        Assert.False(File.Exists(dump + ".tmp"));
        var original = TrajectoryReader.ReadFirst(cif);
        var back = TrajectoryReader.ReadFirst(dump);
        Assert.Equal(272, back.AtomCount);
        Assert.Equal(original.Composition(), back.Composition());
        Assert.Equal(original.Cell.Volume, back.Cell.Volume, 1e-9);
        var p0 = original.Cell.Parameters;
        var p1 = back.Cell.Parameters;
        Assert.Equal(p0.A, p1.A, 1e-9);
        Assert.Equal(p0.Gamma, p1.Gamma, 1e-9);
        // Interatomic geometry is unchanged (the dump may be rotated into LAMMPS orientation).
        for (int i = 1; i < original.AtomCount; i += 17)
            Assert.Equal(original.Cell.MinimumImageDistance(original.Positions[0], original.Positions[i]),
                back.Cell.MinimumImageDistance(back.Positions[0], back.Positions[i]), 1e-9);
    }

    [Fact]
    public void FramesSliceSelectsFrames()
    {
        var dir = TestPaths.NewTempDir();
        var src = Path.Combine(dir, "traj.extxyz");
        var frame = TrajectoryReader.ReadFirst(TestPaths.Data("structures", "amof", "ZIF-4.xyz"));
        TrajectoryWriter.WriteAll(src, Enumerable.Range(0, 6).Select(i => new Frame(frame.Positions, frame.Elements, frame.Cell) { Step = 100 * i }));
        var dst = Path.Combine(dir, "sub.lammpstrj");
        var (code, _, stderr) = CliRunner.Run("convert", src, dst, "--frames", "1:6:2");
        Assert.True(code == 0, stderr);
        var steps = TrajectoryReader.Read(dst).Select(f => f.Step).ToArray();
        Assert.Equal([100L, 300L, 500L], steps);
    }

    [Fact]
    public void BadInputLeavesNoOutput()
    {
        var dir = TestPaths.NewTempDir();
        var src = Path.Combine(dir, "broken.lammpstrj");
        File.WriteAllText(src, "ITEM: TIMESTEP\n0\nITEM: NUMBER OF ATOMS\n3\nITEM: BOX BOUNDS pp pp pp\n0 10\n0 10\n0 10\nITEM: ATOMS id element x y z\n1 Zn 0 0 0\n2 N 1 1 1\n");
        var dst = Path.Combine(dir, "out.extxyz");
        var (code, _, stderr) = CliRunner.Run("convert", src, dst);
        Assert.NotEqual(0, code);
        Assert.Contains("broken.lammpstrj", stderr);
        Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.False(File.Exists(dst));
        Assert.False(File.Exists(dst + ".tmp"));
    }
}

public class ConvertReplicateTests
{
    [Fact]
    public void ReplicateBuildsTheSupercell()
    {
        var dir = TestPaths.NewTempDir();
        var output = Path.Combine(dir, "super.extxyz");
        var (code, _, stderr) = CliRunner.Run("convert", TestPaths.Data("structures", "lewis-2009", "ZIF-4.cif"), output, "--replicate", "2,1,3");
        Assert.True(code == 0, stderr);
        var one = ZifPhase.IO.TrajectoryReader.ReadFirst(TestPaths.Data("structures", "lewis-2009", "ZIF-4.cif"));
        var big = ZifPhase.IO.TrajectoryReader.ReadFirst(output);
        Assert.Equal(272 * 6, big.AtomCount);
        Assert.Equal(6 * one.Cell.Volume, big.Cell.Volume, 1e-6);
        Assert.Equal(2 * one.Cell.LengthA, big.Cell.LengthA, 1e-9);
        Assert.Equal(3 * one.Cell.LengthC, big.Cell.LengthC, 1e-9);
        Assert.NotEqual(0, CliRunner.Run("convert", TestPaths.Data("structures", "lewis-2009", "ZIF-4.cif"), output, "--replicate", "2,0,1").Code);
    }
}
