using System.Globalization;
using ZifPhase.Structures;

namespace ZifPhase.Descriptors.Acsf;

/// <summary>
/// An <see cref="AcsfSpec"/> compiled for the kernels: the row layout, the distinct η of the per-neighbour
/// weights, the distinct angular factors (λ, ζ), the index tables of every parameter row, the power base of the
/// G4 η (<see cref="PowerBase"/>) and the feature names. Immutable; shared by every thread.
/// </summary>
internal sealed class AcsfTables
{
    public readonly AcsfSpec Spec;
    public readonly Element[] Species;
    /// <summary>Species index by atomic number (−1: not a neighbour species).</summary>
    public readonly int[] SpeciesOfZ;
    public readonly double Rc, Rc2, FcScale;
    public readonly int RadialWidth, AngularWidth, RowWidth, Dimension;

    /// <summary>Per-neighbour weights w_e(R) = fc(R)·exp(−η_e R²) for the distinct η of G2 (with R_s = 0), G4 and G5.</summary>
    public readonly double[] WEta;
    /// <summary>G2: weight index (R_s = 0), or −1 with η and R_s for the general form.</summary>
    public readonly int[] G2W;
    public readonly double[] G2Eta, G2Rs;
    public readonly double[] G3Kappa;
    /// <summary>Angular factors 2^{1−ζ}(1 + λ cosθ)^ζ, one per distinct (λ, ζ).</summary>
    public readonly double[] ALambda, AZeta;
    /// <summary>Integer ζ, or int.MinValue for the exp/log form.</summary>
    public readonly int[] AIntZeta;
    /// <summary>G4: distinct η of the exp(−η R_jk²) factor; weight, exp and angular factor index of every parameter row.</summary>
    public readonly double[] EEta;
    public readonly int[] G4W, G4E, G4A;
    /// <summary>Weight index of each distinct G4 η.</summary>
    public readonly int[] EWeight;
    /// <summary>exp(−η_e R_jk²) = b^{n_e} with b = exp(−β R_jk²) when every η_e = n_e β (small n_e); else one exp per η.</summary>
    public readonly double EBeta;
    public readonly int[]? EPower;
    public readonly int MaxPower;
    /// <summary>Rows of the per-j pair buffer: cosθ, T_e, angular factors.</summary>
    public readonly int PairRows;
    public readonly int[] G5W, G5A;
    /// <summary>Distinct G5 weight indices; each G5 row's index among them.</summary>
    public readonly int[] FWeight, G5F;
    /// <summary>Every G4 and G5 row has ζ = 1: the moment kernel applies.</summary>
    public readonly bool Zeta1;
    public readonly string[] FeatureNames;

    public AcsfTables(AcsfSpec spec)
    {
        Spec = spec;
        Species = spec.SortedSpecies.ToArray();
        SpeciesOfZ = new int[Element.All.Count + 2];
        Array.Fill(SpeciesOfZ, -1);
        for (int s = 0; s < Species.Length; s++) SpeciesOfZ[Species[s].Z] = s;
        Rc = spec.RCut;
        Rc2 = Rc * Rc;
        double y = Math.PI / (2 * Rc);
        FcScale = y * y;

        int n2 = spec.G2Params.Count, n3 = spec.G3Params.Count, n4 = spec.G4Params.Count, n5 = spec.G5Params.Count;
        RadialWidth = 1 + n2 + n3;
        AngularWidth = n4 + n5;
        int s2 = Species.Length;
        RowWidth = RadialWidth * s2 + AngularWidth * (s2 * (s2 + 1) / 2);
        Dimension = spec.G1 ? RowWidth : RowWidth - s2;

        var wEta = new List<double>();
        var aKeys = new List<(double Lambda, double Zeta)>();
        var eEta = new List<double>();

        G2W = new int[n2];
        G2Eta = new double[n2];
        G2Rs = new double[n2];
        for (int p = 0; p < n2; p++)
        {
            G2Eta[p] = spec.G2Params[p][0];
            G2Rs[p] = spec.G2Params[p][1];
            G2W[p] = -1;
        }
        G3Kappa = spec.G3Params.Select(r => r[0]).ToArray();

        G4W = new int[n4];
        G4E = new int[n4];
        G4A = new int[n4];
        for (int p = 0; p < n4; p++)
        {
            var r = spec.G4Params[p];
            G4W[p] = IndexOf(wEta, r[0]);
            G4E[p] = IndexOf(eEta, r[0]);
            G4A[p] = IndexOf(aKeys, (r[2], r[1]));
        }
        G5W = new int[n5];
        G5A = new int[n5];
        for (int p = 0; p < n5; p++)
        {
            var r = spec.G5Params[p];
            G5W[p] = IndexOf(wEta, r[0]);
            G5A[p] = IndexOf(aKeys, (r[2], r[1]));
        }
        // G2 with R_s = 0 reuses a weight when its η is among them anyway (G4/G5), else gets its own.
        for (int p = 0; p < n2; p++)
            if (G2Rs[p] == 0) G2W[p] = IndexOf(wEta, G2Eta[p]);

        WEta = wEta.ToArray();
        FWeight = G5W.Distinct().ToArray();
        G5F = G5W.Select(w => Array.IndexOf(FWeight, w)).ToArray();
        Zeta1 = spec.G4Params.Concat(spec.G5Params).All(r => r[1] == 1);
        EEta = eEta.ToArray();
        EWeight = EEta.Select(e => wEta.IndexOf(e)).ToArray();
        ALambda = aKeys.Select(k => k.Lambda).ToArray();
        AZeta = aKeys.Select(k => k.Zeta).ToArray();
        AIntZeta = aKeys.Select(k => k.Zeta == Math.Round(k.Zeta) && Math.Abs(k.Zeta) <= 64 ? (int)k.Zeta : int.MinValue).ToArray();

        (EBeta, EPower) = PowerBase(EEta, Rc2);
        MaxPower = EPower?.Max() ?? 0;
        PairRows = AngularWidth == 0 ? 0 : 1 + EEta.Length + ALambda.Length;

        FeatureNames = BuildNames("G4") ?? BuildNames("R")!;
    }

    /// <summary>Index of <paramref name="value"/> in <paramref name="list"/>, appended when new.</summary>
    private static int IndexOf<T>(List<T> list, T value)
    {
        int i = list.IndexOf(value);
        if (i >= 0) return i;
        list.Add(value);
        return list.Count - 1;
    }

    /// <summary>Offset of the first G4 value of the species pair (a, b) in DScribe's row layout (order of a and b irrelevant).</summary>
    public int AngularOffset(int a, int b)
    {
        if (a < b) (a, b) = (b, a);
        return Species.Length * RadialWidth + (a * (a + 1) / 2 + b) * AngularWidth;
    }

    private string[]? BuildNames(string format)
    {
        string F(double v) => v.ToString(format, CultureInfo.InvariantCulture);
        var names = new string[RowWidth];
        int o = 0;
        foreach (var t in Species)
        {
            names[o++] = $"G1_{t.Symbol}";
            foreach (var r in Spec.G2Params) names[o++] = $"G2_{t.Symbol}_eta{F(r[0])}_rs{F(r[1])}";
            foreach (var r in Spec.G3Params) names[o++] = $"G3_{t.Symbol}_kappa{F(r[0])}";
        }
        for (int a = 0; a < Species.Length; a++)
        for (int b = 0; b <= a; b++)
        {
            string pair = $"{Species[b].Symbol}-{Species[a].Symbol}";
            foreach (var r in Spec.G4Params) names[o++] = $"G4_{pair}_eta{F(r[0])}_zeta{F(r[1])}_lambda{F(r[2])}";
            foreach (var r in Spec.G5Params) names[o++] = $"G5_{pair}_eta{F(r[0])}_zeta{F(r[1])}_lambda{F(r[2])}";
        }
        if (!Spec.G1) names = names.Where(n => !n.StartsWith("G1_", StringComparison.Ordinal)).ToArray();
        return names.Distinct().Count() == names.Length ? names : null;
    }

    /// <summary>
    /// A base β with η_e = n_e β (integers n_e ≤ 16) such that the exponent −η_e R² at R ≤ r_cut changes by at
    /// most 1e-14, so that exp(−η_e R²) = exp(−β R²)^{n_e} to ~1e-14 relative (plus ~n_e ulp of rounding in the
    /// products); null when the η have no such base.
    /// </summary>
    internal static (double Beta, int[]? Powers) PowerBase(double[] etas, double rc2)
    {
        if (etas.Length < 2) return (0, null);
        double min = etas.Min();
        if (!(min > 0)) return (0, null);
        for (int q = 1; q <= 8; q++)
        {
            double beta = min / q;
            var n = new int[etas.Length];
            bool ok = true;
            for (int e = 0; e < etas.Length && ok; e++)
            {
                double ratio = etas[e] / beta;
                n[e] = (int)Math.Round(ratio);
                double exponentError = Math.Abs(etas[e] - n[e] * beta) * rc2;
                ok = n[e] >= 1 && n[e] <= 16 && exponentError <= 1e-14;
            }
            if (ok) return (beta, n);
        }
        return (0, null);
    }
}
