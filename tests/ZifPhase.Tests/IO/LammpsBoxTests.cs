using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using ZifPhase.IO;
using ZifPhase.Structures;

namespace ZifPhase.Tests.IO;

/// <summary>The LAMMPS box algebra: bounding-box bounds ↔ box ↔ lattice, and the rotation into LAMMPS's orientation.</summary>
public class LammpsBoxTests
{
    private static readonly Gen<double> Length = Gen.Choose(10, 5000).Select(x => x / 100.0);
    private static readonly Gen<double> Tilt = Gen.Choose(-2000, 2000).Select(x => x / 137.0);
    private static readonly Gen<double> Coordinate = Gen.Choose(-5000, 5000).Select(x => x / 97.0);

    [Property]
    public Property TriclinicBoundsRoundTripThroughTheLattice()
    {
        var boxes = from ox in Coordinate
                    from oy in Coordinate
                    from oz in Coordinate
                    from lx in Length
                    from ly in Length
                    from lz in Length
                    from xy in Tilt
                    from xz in Tilt
                    from yz in Tilt
                    select (origin: new Vec3(ox, oy, oz), lx, ly, lz, xy, xz, yz);
        return Prop.ForAll(boxes.ToArbitrary(), p =>
        {
            // lattice → bounds → box → lattice comes back within rounding, and so does a lattice read from
            // bounds written again (to the bit for most boxes; a few ulps when no nearby double makes the
            // written bound exact, see LammpsBox.BoxToBounds).
            var bounds = LammpsBox.BoxToBounds(p.origin, p.lx, p.ly, p.lz, p.xy, p.xz, p.yz);
            var box = LammpsBox.BoundsToBox(bounds.XloBound, bounds.XhiBound, bounds.YloBound, bounds.YhiBound, bounds.ZloBound, bounds.ZhiBound, p.xy, p.xz, p.yz);
            var (a, b, c, origin) = LammpsBox.Lattice(box.Xlo, box.Xhi, box.Ylo, box.Yhi, box.Zlo, box.Zhi, p.xy, p.xz, p.yz);
            var again = LammpsBox.BoxToBounds(origin, a.X, b.Y, c.Z, b.X, c.X, c.Y);
            var boxAgain = LammpsBox.BoundsToBox(again.XloBound, again.XhiBound, again.YloBound, again.YhiBound, again.ZloBound, again.ZhiBound, b.X, c.X, c.Y);
            var lattice = LammpsBox.Lattice(boxAgain.Xlo, boxAgain.Xhi, boxAgain.Ylo, boxAgain.Yhi, boxAgain.Zlo, boxAgain.Zhi, b.X, c.X, c.Y);
            bool close = Math.Abs(a.X - p.lx) < 1e-12 * (1 + Math.Abs(p.origin.X)) && Math.Abs(b.Y - p.ly) < 1e-12 * (1 + Math.Abs(p.origin.Y))
                && Math.Abs(c.Z - p.lz) < 1e-12 * (1 + Math.Abs(p.origin.Z)) && (origin - p.origin).Length < 1e-12 * (1 + p.origin.Length);
            bool again2 = Ulps(lattice.A.X, a.X) && Ulps(lattice.B.Y, b.Y) && Ulps(lattice.C.Z, c.Z) && lattice.Origin == origin && lattice.B.X == b.X && lattice.C.X == c.X && lattice.C.Y == c.Y;
            return close && again2 && a.Y == 0 && a.Z == 0 && b.Z == 0;
        });
    }

    [Fact]
    public void TheHowtoTriclinicFormulasOnARhombohedralCell()
    {
        // LAMMPS manual, "Howto triclinic": lx = a, xy = b cos γ, xz = c cos β, ly = √(b² − xy²),
        // yz = (b c cos α − xy xz) / ly, lz = √(c² − xz² − yz²). For a = b = c = 10 Å, α = β = γ = 60°:
        // lx = 10, xy = 5, xz = 5, ly = √75, yz = 25/√75, lz = √(75 − 625/75); a dump then writes
        // xlo_bound = xlo + min(0, xy, xz, xy + xz) = 0 and xhi_bound = xhi + max(0, 5, 5, 10) = 20.
        var cell = Cell.FromParameters(10, 10, 10, 60, 60, 60);
        var (a, b, c, origin, rotation) = LammpsBox.Orient(cell);
        Assert.Null(rotation);
        Assert.Equal(10, a.X, 12);
        Assert.Equal(5, b.X, 12);
        Assert.Equal(Math.Sqrt(75), b.Y, 12);
        Assert.Equal(5, c.X, 12);
        Assert.Equal(25 / Math.Sqrt(75), c.Y, 12);
        Assert.Equal(Math.Sqrt(75 - 625.0 / 75), c.Z, 12);
        var bounds = LammpsBox.BoxToBounds(origin, a.X, b.Y, c.Z, b.X, c.X, c.Y);
        Assert.Equal(0, bounds.XloBound, 12);
        Assert.Equal(20, bounds.XhiBound, 12);
        Assert.Equal(0, bounds.YloBound, 12);
        Assert.Equal(Math.Sqrt(75) + 25 / Math.Sqrt(75), bounds.YhiBound, 12);
    }

    [Property]
    public Property OrientingARotatedCellKeepsLengthsAnglesAndHandedness()
    {
        var angle = Gen.Choose(-3141, 3141).Select(x => x / 1000.0);
        var cases = from lx in Length
                    from ly in Length
                    from lz in Length
                    from xy in Tilt
                    from xz in Tilt
                    from yz in Tilt
                    from t1 in angle
                    from t2 in angle
                    from t3 in angle
                    from flip in Gen.Elements(false, true)
                    select (lx, ly, lz, xy, xz, yz, t1, t2, t3, flip);
        return Prop.ForAll(cases.ToArbitrary(), p =>
        {
            // A LAMMPS-oriented lattice, turned by three rotations (and mirrored when flip): any orientation.
            Vec3 R(Vec3 v) => RotZ(RotY(RotX(v, p.t1), p.t2), p.t3);
            Vec3 a0 = R(new Vec3(p.lx, 0, 0)), b0 = R(new Vec3(p.xy, p.ly, 0)), c0 = R(new Vec3(p.xz, p.yz, p.lz));
            if (p.flip) c0 = -c0;
            var cell = new Cell(a0, b0, c0, R(new Vec3(1, 2, 3)));
            var (a, b, c, _, rotation) = LammpsBox.Orient(cell);
            var oriented = new Cell(a, b, c);
            bool shape = a.Y == 0 && a.Z == 0 && b.Z == 0 && a.X > 0 && b.Y > 0 && c.Z > 0;
            var (p0, p1) = (cell.Parameters, oriented.Parameters);
            bool same = Math.Abs(p0.A - p1.A) < 1e-9 && Math.Abs(p0.B - p1.B) < 1e-9 && Math.Abs(p0.C - p1.C) < 1e-9
                && Math.Abs(p0.Alpha - (p.flip ? 180 - p1.Alpha : p1.Alpha)) < 1e-7 && Math.Abs(p0.Beta - (p.flip ? 180 - p1.Beta : p1.Beta)) < 1e-7
                && Math.Abs(p0.Gamma - p1.Gamma) < 1e-7;
            bool inverse = rotation is not { } rot || ((rot.Invert(rot.Apply(b0)) - b0).Length < 1e-9 && (rot.Apply(a0) - a).Length < 1e-9);
            return shape && same && inverse;
        });
    }

    /// <summary>Within 4 ulps of a coordinate of up to 64 Å (the bounds the length is the difference of).</summary>
    private static bool Ulps(double x, double y)
    {
        double m = Math.Max(Math.Abs(x), 64);
        return Math.Abs(x - y) <= 4 * (Math.BitIncrement(m) - m);
    }

    private static Vec3 RotX(Vec3 v, double t) => new(v.X, Math.Cos(t) * v.Y - Math.Sin(t) * v.Z, Math.Sin(t) * v.Y + Math.Cos(t) * v.Z);
    private static Vec3 RotY(Vec3 v, double t) => new(Math.Cos(t) * v.X + Math.Sin(t) * v.Z, v.Y, -Math.Sin(t) * v.X + Math.Cos(t) * v.Z);
    private static Vec3 RotZ(Vec3 v, double t) => new(Math.Cos(t) * v.X - Math.Sin(t) * v.Y, Math.Sin(t) * v.X + Math.Cos(t) * v.Y, v.Z);
}
