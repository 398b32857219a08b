using ZifPhase.Descriptors;
using ZifPhase.Descriptors.Soap;
using ZifPhase.Structures;

namespace ZifPhase.Tests.Descriptors.Soap;

/// <summary>Sizes, layout identities between compression modes, weighting identities and averaging.</summary>
public class SoapCompressionTests
{
    private static readonly int[] Centres = [0, 3, 8, 21, 50];

    [Theory]
    [InlineData(SoapCompressionMode.Off, 4, 11760)]
    [InlineData(SoapCompressionMode.Crossover, 4, 3120)]
    [InlineData(SoapCompressionMode.Mu2, 4, 780)]
    [InlineData(SoapCompressionMode.Mu1nu1, 4, 5760)]
    [InlineData(SoapCompressionMode.Off, 1, 780)]
    [InlineData(SoapCompressionMode.Crossover, 1, 780)]
    [InlineData(SoapCompressionMode.Mu1nu1, 1, 1440)]
    public void DimensionsFollowDScribe(SoapCompressionMode mode, int speciesCount, int expected)
    {
        var species = new[] { "H", "C", "N", "Zn" }[^speciesCount..];
        var soap = new SoapDescriptor(SoapSpec.PaperSoap with { Species = species, Compression = new SoapCompression { Mode = mode } });
        Assert.Equal(expected, soap.Dimension);
        Assert.Equal(expected, soap.FeatureNames.Count);
        Assert.Equal(expected, soap.FeatureNames.Distinct().Count());
    }

    [Fact]
    public void FeatureNamesFollowTheOutputOrder()
    {
        var mu2 = new SoapDescriptor(SoapSpec.PaperSoap);
        Assert.Equal("p_l0_n0_n0", mu2.FeatureNames[0]);
        Assert.Equal("p_l0_n0_n1", mu2.FeatureNames[1]);
        Assert.Equal("p_l1_n0_n0", mu2.FeatureNames[78]);
        Assert.Equal("p_l9_n11_n11", mu2.FeatureNames[^1]);
        var off = new SoapDescriptor(SoapTestSystems.Medium());
        Assert.Equal("p_H-H_l0_n0_n0", off.FeatureNames[0]);
        Assert.Equal("p_H-C_l0_n0_n0", off.FeatureNames[40]); // H-H holds 10 × 4 values
        Assert.Equal("p_Zn-Zn_l3_n3_n3", off.FeatureNames[^1]);
        var mu1nu1 = new SoapDescriptor(SoapTestSystems.Medium(SoapCompressionMode.Mu1nu1));
        Assert.Equal("p_H-all_l0_n0_n1", mu1nu1.FeatureNames[1]);
        Assert.Equal(SoapSpec.PaperSoap, mu2.Spec);
        Assert.Equal(9 + Math.Sqrt(-2 * Math.Log(0.001)), mu2.Cutoff, 12);
        Assert.Equal(["H", "C", "N", "Zn"], mu2.NeighborElements.Select(e => e.Symbol));
    }

    /// <summary>Index of p^{s1 s2}_{n n' l} in the 'off' layout (s1 ≤ s2; n ≤ n' when s1 = s2).</summary>
    private static int OffIndex(int s, int nMax, int lMax, int s1, int s2, int l, int n, int n2)
    {
        int tri = nMax * (nMax + 1) / 2, full = nMax * nMax, idx = 0;
        for (int a = 0; a < s; a++)
            for (int b = a; b < s; b++)
            {
                if (a == s1 && b == s2)
                {
                    int per = a == b ? tri : full;
                    int inner = a == b ? n * nMax - n * (n - 1) / 2 + (n2 - n) : n * nMax + n2;
                    return idx + l * per + inner;
                }
                idx += (a == b ? tri : full) * (lMax + 1);
            }
        throw new ArgumentException("no such block");
    }

    /// <summary>P^{st}_{n n' l} for any order of s and t, from an 'off' row.</summary>
    private static double Pair(ReadOnlySpan<double> off, int s, int nMax, int lMax, int a, int b, int l, int n, int n2)
    {
        if (a > b) (a, b, n, n2) = (b, a, n2, n);
        if (a == b && n > n2) (n, n2) = (n2, n);
        return off[OffIndex(s, nMax, lMax, a, b, l, n, n2)];
    }

    [Fact]
    public void CrossoverRowsAreTheDiagonalSpeciesBlocksOfOff()
    {
        var frame = SoapTestSystems.Triclinic();
        var off = new SoapDescriptor(SoapTestSystems.Medium());
        var cross = new SoapDescriptor(SoapTestSystems.Medium(SoapCompressionMode.Crossover));
        var offRows = off.Compute(frame, Centres);
        var crossRows = cross.Compute(frame, Centres);
        int nMax = 4, lMax = 3, s = 4;
        for (int c = 0; c < Centres.Length; c++)
        {
            var o = offRows.AsSpan(c * off.Dimension, off.Dimension);
            int idx = c * cross.Dimension;
            for (int sp = 0; sp < s; sp++)
                for (int l = 0; l <= lMax; l++)
                    for (int n = 0; n < nMax; n++)
                        for (int n2 = n; n2 < nMax; n2++)
                            Assert.Equal(o[OffIndex(s, nMax, lMax, sp, sp, l, n, n2)], crossRows[idx++]);
        }
    }

    [Fact]
    public void Mu2EqualsOffOnAFrameRelabelledToOneSpecies()
    {
        var frame = SoapTestSystems.Triclinic();
        var relabelled = new Frame(frame.Positions, frame.Elements.Select(_ => Element.Zn).ToArray(), frame.Cell);
        var mu2 = new SoapDescriptor(SoapTestSystems.Medium(SoapCompressionMode.Mu2));
        var single = new SoapDescriptor(SoapTestSystems.Medium() with { Species = ["Zn"] });
        Assert.Equal(single.Dimension, mu2.Dimension);
        double err = SoapTestSystems.MaxRowDifference(mu2.Compute(frame, Centres), single.Compute(relabelled, Centres), mu2.Dimension);
        Assert.True(err <= 1e-14, $"mu2 differs from one-species 'off' by {err:E2}");
    }

    [Fact]
    public void WeightedMu2IsTheWeightedSumOfAllOffBlocks()
    {
        // c_mu2 = Σ_s w_s c^s, so p_mu2 = Σ_{s,t} w_s w_t P^{st}.
        var weights = new Dictionary<string, double> { ["H"] = 0.5, ["C"] = 2.0, ["N"] = 1.25, ["Zn"] = 3.0 };
        double[] w = [0.5, 2.0, 1.25, 3.0]; // sorted by Z: H, C, N, Zn
        var frame = SoapTestSystems.Triclinic();
        var off = new SoapDescriptor(SoapTestSystems.Medium());
        var mu2 = new SoapDescriptor(SoapTestSystems.Medium(SoapCompressionMode.Mu2) with
        {
            Compression = new SoapCompression { Mode = SoapCompressionMode.Mu2, SpeciesWeighting = weights },
        });
        var offRows = off.Compute(frame, Centres);
        var mu2Rows = mu2.Compute(frame, Centres);
        var expected = new double[mu2Rows.Length];
        int nMax = 4, lMax = 3, s = 4;
        for (int c = 0; c < Centres.Length; c++)
        {
            var o = offRows.AsSpan(c * off.Dimension, off.Dimension);
            int idx = c * mu2.Dimension;
            for (int l = 0; l <= lMax; l++)
                for (int n = 0; n < nMax; n++)
                    for (int n2 = n; n2 < nMax; n2++)
                    {
                        double sum = 0;
                        for (int a = 0; a < s; a++)
                            for (int b = 0; b < s; b++)
                                sum += w[a] * w[b] * Pair(o, s, nMax, lMax, a, b, l, n, n2);
                        expected[idx++] = sum;
                    }
        }
        double err = SoapTestSystems.MaxRowDifference(mu2Rows, expected, mu2.Dimension);
        Assert.True(err <= 1e-12, $"weighted mu2 differs by {err:E2}");
    }

    [Fact]
    public void Mu1nu1IsTheSumOverSecondSpeciesOfOffBlocks()
    {
        var frame = SoapTestSystems.Triclinic();
        var off = new SoapDescriptor(SoapTestSystems.Medium());
        var mu = new SoapDescriptor(SoapTestSystems.Medium(SoapCompressionMode.Mu1nu1));
        var offRows = off.Compute(frame, Centres);
        var muRows = mu.Compute(frame, Centres);
        var expected = new double[muRows.Length];
        int nMax = 4, lMax = 3, s = 4;
        for (int c = 0; c < Centres.Length; c++)
        {
            var o = offRows.AsSpan(c * off.Dimension, off.Dimension);
            int idx = c * mu.Dimension;
            for (int a = 0; a < s; a++)
                for (int l = 0; l <= lMax; l++)
                    for (int n = 0; n < nMax; n++)
                        for (int n2 = 0; n2 < nMax; n2++)
                        {
                            double sum = 0;
                            for (int b = 0; b < s; b++) sum += Pair(o, s, nMax, lMax, a, b, l, n, n2);
                            expected[idx++] = sum;
                        }
        }
        double err = SoapTestSystems.MaxRowDifference(muRows, expected, mu.Dimension);
        Assert.True(err <= 1e-12, $"mu1nu1 differs by {err:E2}");
    }

    [Fact]
    public void SpeciesWeightsScaleOffBlocksByTheirProduct()
    {
        var frame = SoapTestSystems.Triclinic();
        double[] w = [0.5, 2.0, 1.25, 3.0];
        var plain = new SoapDescriptor(SoapTestSystems.Medium());
        var weighted = new SoapDescriptor(SoapTestSystems.Medium() with
        {
            Compression = new SoapCompression { SpeciesWeighting = new Dictionary<string, double> { ["Zn"] = 3.0, ["N"] = 1.25, ["C"] = 2.0, ["H"] = 0.5 } },
        });
        var p = plain.Compute(frame, Centres);
        var q = weighted.Compute(frame, Centres);
        var expected = new double[p.Length];
        int nMax = 4, lMax = 3, s = 4;
        for (int c = 0; c < Centres.Length; c++)
            for (int a = 0; a < s; a++)
                for (int b = a; b < s; b++)
                    for (int l = 0; l <= lMax; l++)
                        for (int n = 0; n < nMax; n++)
                            for (int n2 = a == b ? n : 0; n2 < nMax; n2++)
                            {
                                int i = c * plain.Dimension + OffIndex(s, nMax, lMax, a, b, l, n, n2);
                                expected[i] = w[a] * w[b] * p[i];
                            }
        double err = SoapTestSystems.MaxRowDifference(q, expected, plain.Dimension);
        Assert.True(err <= 1e-14, $"species weighting differs by {err:E2}");
    }

    [Fact]
    public void AConstantWeightScalesTheSpectrumByItsSquare()
    {
        // pow with m = 0: w(r) = c / (d + 1) for every r, the centre included.
        var frame = SoapTestSystems.Triclinic();
        var plain = new SoapDescriptor(SoapSpec.PaperSoap);
        var weighted = new SoapDescriptor(SoapSpec.PaperSoap with { Weighting = new SoapWeighting { Function = "pow", R0 = 2, C = 3, D = 1, M = 0 } });
        var p = plain.Compute(frame, Centres);
        var q = weighted.Compute(frame, Centres);
        double err = SoapTestSystems.MaxRowDifference(q, p.Select(v => 2.25 * v).ToArray(), plain.Dimension);
        Assert.True(err <= 1e-13, $"constant weighting differs by {err:E2}");
    }

    [Fact]
    public void PolyWithAHugeR0IsNoWeightingAndW0OfOneChangesNothing()
    {
        var frame = SoapTestSystems.Triclinic();
        var plain = new SoapDescriptor(SoapSpec.PaperSoap).Compute(frame, Centres);
        var poly = new SoapDescriptor(SoapSpec.PaperSoap with { Weighting = new SoapWeighting { Function = "poly", R0 = 1e7, C = 1, M = 2 } })
            .Compute(frame, Centres);
        var w0 = new SoapDescriptor(SoapSpec.PaperSoap with { Weighting = new SoapWeighting { W0 = 1 } }).Compute(frame, Centres);
        Assert.True(SoapTestSystems.MaxRowDifference(poly, plain, 780) <= 1e-9);
        Assert.True(w0.AsSpan().SequenceEqual(plain));
    }

    [Fact]
    public void PolyWeightingDropsAtomsBeyondR0()
    {
        // With poly, w = 0 beyond r0: atoms farther than r0 from every centre can be deleted without effect.
        var frame = SoapTestSystems.Triclinic();
        var spec = SoapTestSystems.Medium() with { Periodic = false, Weighting = new SoapWeighting { Function = "poly", R0 = 3.0, C = 1, M = 3 } };
        var soap = new SoapDescriptor(spec);
        int centre = 21;
        var near = Enumerable.Range(0, frame.AtomCount).Where(i => (frame.Positions[i] - frame.Positions[centre]).Length <= 3.0).ToArray();
        var small = new Frame(near.Select(i => frame.Positions[i]).ToArray(), near.Select(i => frame.Elements[i]).ToArray(), Cell.None);
        var full = soap.Compute(new Frame(frame.Positions, frame.Elements, Cell.None), [centre]);
        var cut = soap.Compute(small, [Array.IndexOf(near, centre)]);
        Assert.True(SoapTestSystems.RelativeDifference(cut, full) <= 1e-14);
        Assert.True(near.Length < frame.AtomCount / 4);
    }

    [Fact]
    public void OuterAverageIsTheMeanOfTheRows()
    {
        var frame = SoapTestSystems.Triclinic();
        var rows = new SoapDescriptor(SoapSpec.PaperSoap).Compute(frame, Centres);
        var outer = new SoapDescriptor(SoapSpec.PaperSoap with { Average = SoapAverage.Outer });
        Assert.Equal(1, outer.RowCount(Centres.Length));
        var averaged = outer.Compute(frame, Centres);
        Assert.Equal(780, averaged.Length);
        var mean = Enumerable.Range(0, 780).Select(f => Enumerable.Range(0, Centres.Length).Sum(c => rows[c * 780 + f]) / Centres.Length).ToArray();
        Assert.True(SoapTestSystems.RelativeDifference(averaged, mean) <= 1e-14);
    }

    [Fact]
    public void InnerAverageDiffersFromOuterButNotForOneCentre()
    {
        var frame = SoapTestSystems.Triclinic();
        var inner = new SoapDescriptor(SoapSpec.PaperSoap with { Average = SoapAverage.Inner });
        var outer = new SoapDescriptor(SoapSpec.PaperSoap with { Average = SoapAverage.Outer });
        Assert.True(SoapTestSystems.RelativeDifference(inner.Compute(frame, Centres), outer.Compute(frame, Centres)) > 1e-3);
        var single = new SoapDescriptor(SoapSpec.PaperSoap).Compute(frame, [8]);
        Assert.True(SoapTestSystems.RelativeDifference(inner.Compute(frame, [8]), single) <= 1e-14);
        Assert.True(SoapTestSystems.RelativeDifference(outer.Compute(frame, [8]), single) <= 1e-14);
        // Inner average of a centre listed twice equals that centre's row.
        Assert.True(SoapTestSystems.RelativeDifference(inner.Compute(frame, [8, 8]), single) <= 1e-14);
    }

    [Fact]
    public void AtomsOfOtherElementsAreIgnored()
    {
        var frame = SoapTestSystems.Triclinic();
        var rng = new Random(9);
        var extra = Enumerable.Range(0, 10).Select(_ => new Vec3(rng.NextDouble() * 8, rng.NextDouble() * 8, rng.NextDouble() * 8)).ToArray();
        var withOxygen = new Frame(frame.Positions.Concat(extra).ToArray(), frame.Elements.Concat(extra.Select(_ => Element.FromSymbol("O"))).ToArray(), frame.Cell);
        var soap = new SoapDescriptor(SoapSpec.PaperSoap);
        Assert.True(soap.Compute(withOxygen, Centres).AsSpan().SequenceEqual(soap.Compute(frame, Centres)));
        // An O centre gets no self term but the density of its species neighbours.
        var oRow = soap.Compute(withOxygen, [frame.AtomCount]);
        Assert.Contains(oRow, v => v != 0);
    }

    [Fact]
    public void ZincOnlySpeciesOnTheFullStructureEqualsTheZincOnlyStructure()
    {
        // DScribe needs a Zn-only system for species = ["Zn"]; we ignore the other atoms, which is the same thing.
        var block = SoapReference.Get("a_triclinic_periodic.json", "soap_paper_780_species_Zn_on_Zn_only_structure");
        var full = SoapTestSystems.Triclinic();
        var zinc = full.IndicesOf(Element.Zn);
        var soap = new SoapDescriptor(block.Spec);
        var onFull = soap.Compute(full, zinc);
        var onZincOnly = soap.Compute(block.Frame, block.Centres);
        Assert.True(SoapTestSystems.MaxRowDifference(onFull, onZincOnly, soap.Dimension) <= 1e-14);
    }
}
