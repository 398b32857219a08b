using ZifPhase.Descriptors;
using ZifPhase.Descriptors.Soap;
using ZifPhase.Structures;

namespace ZifPhase.Tests.Descriptors.Soap;

/// <summary>
/// A deliberately plain SOAP written straight from refs/README.md, independent of the production code paths
/// (no neighbour list, no tables, no Cartesian recursion, no vector code): every atom and lattice image within
/// R_nb by brute force, Gaussians summed directly, Y_lm from θ and φ through associated Legendre functions, and
/// the power spectrum written by explicit loops in DScribe's order. Only the basis (α, β) is shared.
/// </summary>
internal static class BruteForceSoap
{
    /// <summary>Rows (average off) or the single averaged row.</summary>
    public static double[] Compute(SoapSpec spec, GtoBasis basis, Frame frame, int[] centres)
    {
        var species = spec.SortedSpecies.ToArray();
        int s = species.Length, nMax = spec.NMax, lMax = spec.LMax;
        var coefficients = centres.Select(c => Coefficients(spec, basis, frame, c, species)).ToArray();
        var mode = spec.Compression.Mode;
        switch (spec.Average)
        {
            case SoapAverage.Off:
                return coefficients.SelectMany(c => Spectrum(mode, c, s, nMax, lMax)).ToArray();
            case SoapAverage.Outer:
            {
                var rows = coefficients.Select(c => Spectrum(mode, c, s, nMax, lMax)).ToArray();
                return Enumerable.Range(0, rows[0].Length).Select(f => rows.Average(r => r[f])).ToArray();
            }
            default:
            {
                var mean = new double[coefficients[0].GetLength(0), nMax, lMax + 1, 2 * lMax + 1];
                foreach (var c in coefficients)
                    for (int a = 0; a < mean.GetLength(0); a++)
                        for (int n = 0; n < nMax; n++)
                            for (int l = 0; l <= lMax; l++)
                                for (int m = 0; m <= 2 * l; m++)
                                    mean[a, n, l, m] += c[a, n, l, m] / coefficients.Length;
                return Spectrum(mode, mean, s, nMax, lMax);
            }
        }
    }

    /// <summary>c[channel, n, l, m + l].</summary>
    public static double[,,,] Coefficients(SoapSpec spec, GtoBasis basis, Frame frame, int centre, Element[] species)
    {
        int nMax = spec.NMax, lMax = spec.LMax;
        bool mu2 = spec.Compression.Mode == SoapCompressionMode.Mu2;
        var c = new double[mu2 ? 1 : species.Length, nMax, lMax + 1, 2 * lMax + 1];
        double eta = 1 / (2 * spec.Sigma * spec.Sigma);
        double rnb = spec.RCut + spec.Sigma * Math.Sqrt(-2 * Math.Log(0.001));
        var cell = spec.Periodic ? frame.Cell : Cell.None;
        var widths = cell.HasLattice ? cell.PerpendicularWidths : new Vec3(1, 1, 1);
        int ra = cell.PeriodicA ? (int)Math.Ceiling(rnb / widths.X) + 1 : 0;
        int rb = cell.PeriodicB ? (int)Math.Ceiling(rnb / widths.Y) + 1 : 0;
        int rc = cell.PeriodicC ? (int)Math.Ceiling(rnb / widths.Z) + 1 : 0;
        var ri = frame.Positions[centre];
        for (int j = 0; j < frame.AtomCount; j++)
        {
            int sp = Array.IndexOf(species, frame.Elements[j]);
            if (sp < 0) continue;
            double speciesWeight = spec.Compression.SpeciesWeighting is { } sw
                ? sw.First(kv => Element.FromSymbol(kv.Key) == species[sp]).Value : 1.0;
            for (int a = -ra; a <= ra; a++)
            for (int b = -rb; b <= rb; b++)
            for (int k = -rc; k <= rc; k++)
            {
                var t = cell.HasLattice ? cell.Translation(a, b, k) : Vec3.Zero;
                var v = frame.Positions[j] + t - ri;
                double r = v.Length;
                if (r > rnb) continue;
                if (r == 0 && j != centre) continue; // the production neighbour list drops atoms on top of the centre
                double w = Weight(spec.Weighting, r) * speciesWeight;
                int ch = mu2 ? 0 : sp;
                for (int l = 0; l <= lMax; l++)
                {
                    if (l > 0 && r == 0) continue;
                    var y = RealYlm(l, v);
                    for (int n = 0; n < nMax; n++)
                    {
                        double radial = 0;
                        for (int q = 0; q < nMax; q++)
                        {
                            double alpha = basis.Alpha(l, q);
                            radial += basis.Beta(l, n, q) * Math.Pow(Math.PI, 1.5) * Math.Pow(eta, -1.5)
                                * Math.Pow(1 + alpha / eta, -(l + 1.5)) * Math.Exp(-alpha * r * r / (1 + alpha / eta));
                        }
                        radial *= Math.Pow(r, l) * w;
                        for (int m = 0; m <= 2 * l; m++) c[ch, n, l, m] += radial * y[m];
                    }
                }
            }
        }
        return c;
    }

    private static double Weight(SoapWeighting? w, double r)
    {
        if (w is null) return 1;
        if (r == 0 && w.W0 is { } w0) return w0;
        switch (w.Function)
        {
            case "poly":
                double x = r / w.R0!.Value;
                return r > w.R0 ? 0 : w.C!.Value * Math.Pow(1 + 2 * x * x * x - 3 * x * x, w.M!.Value);
            case "pow":
                return w.C!.Value / (w.D!.Value + Math.Pow(r / w.R0!.Value, w.M!.Value));
            case "exp":
                return w.C!.Value / (w.D!.Value + Math.Exp(-r / w.R0!.Value));
            default:
                return 1;
        }
    }

    /// <summary>Orthonormal real Y_l,m(r̂) for m = −l..l (index m + l), from θ and φ.</summary>
    public static double[] RealYlm(int l, Vec3 v)
    {
        var y = new double[2 * l + 1];
        double r = v.Length;
        double cosTheta = r == 0 ? 1 : v.Z / r;
        double phi = Math.Atan2(v.Y, v.X);
        for (int m = 0; m <= l; m++)
        {
            double norm = Math.Sqrt((2 * l + 1) / (4 * Math.PI) * Factorial(l - m) / Factorial(l + m));
            double p = AssociatedLegendre(l, m, cosTheta);
            if (m == 0) y[l] = norm * p;
            else
            {
                y[l + m] = Math.Sqrt(2) * norm * p * Math.Cos(m * phi);
                y[l - m] = Math.Sqrt(2) * norm * p * Math.Sin(m * phi);
            }
        }
        return y;
    }

    private static double Factorial(int n)
    {
        double f = 1;
        for (int i = 2; i <= n; i++) f *= i;
        return f;
    }

    /// <summary>P_l^m(x) without the Condon–Shortley phase, by the standard recursion in l.</summary>
    private static double AssociatedLegendre(int l, int m, double x)
    {
        double pmm = 1;
        double somx2 = Math.Sqrt(Math.Max(0, (1 - x) * (1 + x)));
        double fact = 1;
        for (int i = 1; i <= m; i++)
        {
            pmm *= fact * somx2;
            fact += 2;
        }
        if (l == m) return pmm;
        double pmmp1 = x * (2 * m + 1) * pmm;
        if (l == m + 1) return pmmp1;
        double pll = 0;
        for (int ll = m + 2; ll <= l; ll++)
        {
            pll = (x * (2 * ll - 1) * pmmp1 - (ll + m - 1) * pmm) / (ll - m);
            pmm = pmmp1;
            pmmp1 = pll;
        }
        return pll;
    }

    private static double P(double[,,,] c1, int a, double[,,,] c2, int b, int n, int n2, int l)
    {
        double sum = 0;
        for (int m = 0; m <= 2 * l; m++) sum += c1[a, n, l, m] * c2[b, n2, l, m];
        return Math.PI * Math.Sqrt(8.0 / (2 * l + 1)) * sum;
    }

    public static double[] Spectrum(SoapCompressionMode mode, double[,,,] c, int s, int nMax, int lMax)
    {
        var row = new List<double>();
        switch (mode)
        {
            case SoapCompressionMode.Off:
                for (int s1 = 0; s1 < s; s1++)
                    for (int s2 = s1; s2 < s; s2++)
                        for (int l = 0; l <= lMax; l++)
                            for (int n = 0; n < nMax; n++)
                                for (int n2 = s1 == s2 ? n : 0; n2 < nMax; n2++)
                                    row.Add(P(c, s1, c, s2, n, n2, l));
                break;
            case SoapCompressionMode.Crossover:
                for (int s1 = 0; s1 < s; s1++)
                    for (int l = 0; l <= lMax; l++)
                        for (int n = 0; n < nMax; n++)
                            for (int n2 = n; n2 < nMax; n2++)
                                row.Add(P(c, s1, c, s1, n, n2, l));
                break;
            case SoapCompressionMode.Mu2:
                for (int l = 0; l <= lMax; l++)
                    for (int n = 0; n < nMax; n++)
                        for (int n2 = n; n2 < nMax; n2++)
                            row.Add(P(c, 0, c, 0, n, n2, l));
                break;
            case SoapCompressionMode.Mu1nu1:
                var total = new double[1, nMax, lMax + 1, 2 * lMax + 1];
                for (int t = 0; t < s; t++)
                    for (int n = 0; n < nMax; n++)
                        for (int l = 0; l <= lMax; l++)
                            for (int m = 0; m <= 2 * l; m++)
                                total[0, n, l, m] += c[t, n, l, m];
                for (int s1 = 0; s1 < s; s1++)
                    for (int l = 0; l <= lMax; l++)
                        for (int n = 0; n < nMax; n++)
                            for (int n2 = 0; n2 < nMax; n2++)
                                row.Add(P(c, s1, total, 0, n, n2, l));
                break;
        }
        return row.ToArray();
    }
}
