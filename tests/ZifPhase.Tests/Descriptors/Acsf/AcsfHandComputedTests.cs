using ZifPhase.Descriptors;
using ZifPhase.Descriptors.Acsf;
using ZifPhase.Structures;

namespace ZifPhase.Tests.Descriptors.Acsf;

/// <summary>Three atoms without a cell: every value written out from the formulas with the distances in hand.</summary>
public class AcsfHandComputedTests
{
    private static Frame Open(params Vec3[] positions) =>
        new(positions, positions.Select(_ => Element.Zn).ToArray(), Cell.None);

    private static double Fc(double r, double rc) => r <= rc ? 0.5 * (Math.Cos(Math.PI * r / rc) + 1) : 0;

    [Fact]
    public void TriangleWithinTheCutoff()
    {
        // Centre 0 at the origin, j = (2, 0, 0), k = (1, 2.5, 0): R_ij = 2, R_ik = √7.25, R_jk = √7.25, all ≤ 5.
        const double rc = 5.0;
        var frame = Open(new Vec3(0, 0, 0), new Vec3(2, 0, 0), new Vec3(1, 2.5, 0));
        var spec = new AcsfSpec
        {
            Species = ["Zn"],
            RCut = rc,
            G2Params = [[0.5, 1.5], [0.2, 0.0]],
            G3Params = [[0.8]],
            G4Params = [[0.1, 2, -1], [0.1, 1, 1], [0.05, 1, -1]],
            G5Params = [[0.2, 2, 1], [0.02, 1, -1]],
            Periodic = false,
        };
        var d = new AcsfDescriptor(spec, 1);
        Assert.Equal(1 + 2 + 1 + 3 + 2, d.Dimension);
        var row = d.Compute(frame, [0]);

        double rij = 2, rik = Math.Sqrt(7.25), rjk = Math.Sqrt(7.25);
        double cos = (2 * 1 + 0 * 2.5) / (rij * rik); // dot product / lengths
        double fij = Fc(rij, rc), fik = Fc(rik, rc), fjk = Fc(rjk, rc);
        double sum2 = rij * rij + rik * rik + rjk * rjk;
        var expected = new[]
        {
            fij + fik,
            Math.Exp(-0.5 * (rij - 1.5) * (rij - 1.5)) * fij + Math.Exp(-0.5 * (rik - 1.5) * (rik - 1.5)) * fik,
            Math.Exp(-0.2 * rij * rij) * fij + Math.Exp(-0.2 * rik * rik) * fik,
            Math.Cos(0.8 * rij) * fij + Math.Cos(0.8 * rik) * fik,
            0.5 * (1 - cos) * (1 - cos) * Math.Exp(-0.1 * sum2) * fij * fik * fjk, // 2^{1−ζ}, ζ = 2, λ = −1
            (1 + cos) * Math.Exp(-0.1 * sum2) * fij * fik * fjk,
            (1 - cos) * Math.Exp(-0.05 * sum2) * fij * fik * fjk,
            0.5 * (1 + cos) * (1 + cos) * Math.Exp(-0.2 * (rij * rij + rik * rik)) * fij * fik,
            (1 - cos) * Math.Exp(-0.02 * (rij * rij + rik * rik)) * fij * fik,
        };
        for (int q = 0; q < expected.Length; q++)
            Assert.True(Math.Abs(row[q] - expected[q]) <= 1e-14 * Math.Abs(expected[q]) + 1e-300,
                $"{d.FeatureNames[q]}: {row[q]:R} vs {expected[q]:R}");
        Assert.True(expected.All(v => Math.Abs(v) > 1e-6));
    }

    [Fact]
    public void PairBeyondTheCutoffCountsInG5ButNotInG4()
    {
        // R_ij = 3, R_ik = √10.25 ≈ 3.20 (both ≤ 4) but R_jk = √31.25 ≈ 5.59 > 4.
        const double rc = 4.0;
        var frame = Open(new Vec3(0, 0, 0), new Vec3(3, 0, 0), new Vec3(-2, 2.5, 0));
        var spec = new AcsfSpec
        {
            Species = ["Zn"],
            RCut = rc,
            G4Params = [[0.1, 1, 1], [0.1, 2, -1]],
            G5Params = [[0.1, 1, 1], [0.1, 2, -1]],
            Periodic = false,
        };
        var d = new AcsfDescriptor(spec, 1);
        var rows = d.Compute(frame, [0, 1, 2]);
        double rij = 3, rik = Math.Sqrt(10.25);
        double cos = (3 * -2) / (rij * rik);
        double w = Math.Exp(-0.1 * (rij * rij + rik * rik)) * Fc(rij, rc) * Fc(rik, rc);
        Assert.Equal(Fc(rij, rc) + Fc(rik, rc), rows[0], 1e-14);
        Assert.Equal(0.0, rows[1]);
        Assert.Equal(0.0, rows[2]);
        Assert.Equal((1 + cos) * w, rows[3], 1e-15);
        Assert.Equal(0.5 * (1 - cos) * (1 - cos) * w, rows[4], 1e-15);
        Assert.True(rows[3] > 1e-4 && rows[4] > 1e-4);
        // Atoms 1 and 2 see only atom 0 (at 3 and 3.20 Å): G1 = fc, no pairs.
        Assert.Equal(Fc(3, rc), rows[5], 1e-15);
        Assert.Equal([0, 0, 0, 0], rows.AsSpan(6, 4).ToArray());
        Assert.Equal(Fc(rik, rc), rows[10], 1e-15);
        Assert.Equal([0, 0, 0, 0], rows.AsSpan(11, 4).ToArray());
    }

    [Fact]
    public void NeighbourExactlyAtTheCutoffIsIncludedWithZeroWeight()
    {
        // DScribe includes R = r_cut (inclusive); fc(r_cut) = 0, so every term of it vanishes.
        var frame = Open(new Vec3(0, 0, 0), new Vec3(4, 0, 0), new Vec3(0, 1.5, 0));
        var spec = new AcsfSpec { Species = ["Zn"], RCut = 4.0, G5Params = [[0.1, 1, 1]], Periodic = false };
        var row = new AcsfDescriptor(spec, 1).Compute(frame, [0]);
        Assert.Equal(Fc(1.5, 4.0), row[0], 1e-15);
        Assert.Equal(0.0, row[1], 1e-30);
    }

    [Fact]
    public void PeriodicSelfImagesAreNeighbours()
    {
        // One Zn in a 4 Å cube, r_cut 5: its six face images at 4 Å (the twelve at 5.66 Å are out).
        var frame = new Frame([new Vec3(0.3, 0.2, 0.1)], [Element.Zn], Cell.Orthorhombic(4, 4, 4));
        var spec = new AcsfSpec { Species = ["Zn"], RCut = 5.0, G4Params = [[0.05, 1, 1], [0.05, 1, -1]] };
        var row = new AcsfDescriptor(spec, 1).Compute(frame, [0]);
        double f = Fc(4, 5);
        Assert.Equal(6 * f, row[0], 1e-14);
        // 15 pairs of the six images: 3 opposite (R_jk = 8 > 5: skipped), 12 at 90° (R_jk = 4√2 ≈ 5.66 > 5: skipped).
        Assert.Equal(0.0, row[1]);
        // r_cut 6 also takes the 12 edge images at 5.66 Å (the corners at 6.93 Å stay out); the pairs of all 18
        // images are checked against the naive transcription.
        var spec2 = spec with { RCut = 6.0 };
        var row2 = new AcsfDescriptor(spec2, 1).Compute(frame, [0]);
        double f6 = Fc(4, 6), fd = Fc(4 * Math.Sqrt(2), 6);
        var naive = NaiveAcsf.Rows(frame, spec2, [0]);
        Assert.Equal(6 * f6 + 12 * fd, row2[0], 1e-13);
        for (int q = 0; q < row2.Length; q++) Assert.Equal(naive[q], row2[q], 1e-13);
    }
}
