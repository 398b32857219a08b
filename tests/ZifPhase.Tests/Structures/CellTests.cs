using ZifPhase.Structures;

namespace ZifPhase.Tests.Structures;

public class CellTests
{
    [Theory]
    [InlineData(15.423, 15.404, 18.438, 90, 90, 90)]
    [InlineData(9.9, 11.2, 13.7, 71.3, 104.5, 118.2)]
    [InlineData(23.825, 23.825, 12.726, 90, 90, 120)]
    [InlineData(5.0, 7.0, 30.0, 45.0, 60.0, 75.0)]
    public void ParametersRoundTripThroughLattice(double a, double b, double c, double alpha, double beta, double gamma)
    {
        var cell = Cell.FromParameters(a, b, c, alpha, beta, gamma);
        var p = cell.Parameters;
        Assert.Equal(a, p.A, 1e-10);
        Assert.Equal(b, p.B, 1e-10);
        Assert.Equal(c, p.C, 1e-10);
        Assert.Equal(alpha, p.Alpha, 1e-10);
        Assert.Equal(beta, p.Beta, 1e-10);
        Assert.Equal(gamma, p.Gamma, 1e-10);
        var again = Cell.FromParameters(p.A, p.B, p.C, p.Alpha, p.Beta, p.Gamma);
        for (int axis = 0; axis < 3; axis++)
            Assert.True((again.Vector(axis) - cell.Vector(axis)).Length < 1e-10);
    }

    [Fact]
    public void VolumeAndWidthsOfAKnownTriclinicCell()
    {
        // a along x, b tilted by xy, c tilted by xz, yz: V = lx·ly·lz; widths are lz, V/|c×a|, V/|b×c|.
        var cell = new Cell(new Vec3(10, 0, 0), new Vec3(3, 8, 0), new Vec3(-2, 1.5, 6));
        Assert.Equal(480.0, cell.Volume, 1e-12);
        var w = cell.PerpendicularWidths;
        Assert.Equal(6.0, w.Z, 1e-12);
        Assert.Equal(480.0 / Vec3.Cross(new Vec3(3, 8, 0), new Vec3(-2, 1.5, 6)).Length, w.X, 1e-12);
        Assert.True(w.X < 10 && w.Y < 8);
    }

    [Fact]
    public void FractionalCartesianRoundTripAndWrap()
    {
        var cell = new Cell(new Vec3(10, 0, 0), new Vec3(3, 8, 0), new Vec3(-2, 1.5, 6), origin: new Vec3(-1, 2, 0.5));
        var rng = new Random(7);
        for (int t = 0; t < 200; t++)
        {
            var r = new Vec3(rng.NextDouble() * 40 - 20, rng.NextDouble() * 40 - 20, rng.NextDouble() * 40 - 20);
            var s = cell.ToFractional(r);
            Assert.True((cell.ToCartesian(s) - r).Length < 1e-12);
            var w = cell.Wrap(r);
            var sw = cell.ToFractional(w);
            Assert.InRange(sw.X, 0, 1);
            Assert.InRange(sw.Y, 0, 1);
            Assert.InRange(sw.Z, 0, 1);
            // The wrapped point differs from the original by a lattice translation.
            var ds = s - sw;
            Assert.Equal(Math.Round(ds.X), ds.X, 1e-9);
            Assert.Equal(Math.Round(ds.Y), ds.Y, 1e-9);
            Assert.Equal(Math.Round(ds.Z), ds.Z, 1e-9);
        }
    }

    [Fact]
    public void MinimumImageIsTheShortestOfAllImages()
    {
        var cell = new Cell(new Vec3(10, 0, 0), new Vec3(5, 8, 0), new Vec3(-5, 4, 6));
        var rng = new Random(11);
        for (int t = 0; t < 300; t++)
        {
            var d = new Vec3(rng.NextDouble() * 60 - 30, rng.NextDouble() * 60 - 30, rng.NextDouble() * 60 - 30);
            var mi = cell.MinimumImage(d);
            double best = double.MaxValue;
            var s = cell.DisplacementToFractional(d);
            int ia = (int)Math.Round(s.X), ib = (int)Math.Round(s.Y), ic = (int)Math.Round(s.Z);
            for (int i = ia - 4; i <= ia + 4; i++)
            for (int j = ib - 4; j <= ib + 4; j++)
            for (int k = ic - 4; k <= ic + 4; k++)
                best = Math.Min(best, (d - cell.Translation(i, j, k)).Length);
            Assert.Equal(best, mi.Length, 1e-9);
        }
    }

    [Fact]
    public void NonPeriodicAxisIsNeverWrapped()
    {
        var cell = Cell.Orthorhombic(10, 10, 10).WithPeriodicity(true, true, false);
        var w = cell.Wrap(new Vec3(12, -3, 25));
        Assert.Equal(2, w.X, 1e-12);
        Assert.Equal(7, w.Y, 1e-12);
        Assert.Equal(25, w.Z, 1e-12);
        Assert.Equal(new Vec3(0, 0, 25).Z, cell.MinimumImage(new Vec3(10, 10, 25)).Z, 1e-12);
    }
}
