using ZifPhase.Reporting;

namespace ZifPhase.Tests.Reporting;

public class PhasePaletteTests
{
    private static (double R, double G, double B) Rgb(string hex) =>
        (Convert.ToInt32(hex[1..3], 16) / 255.0, Convert.ToInt32(hex[3..5], 16) / 255.0, Convert.ToInt32(hex[5..7], 16) / 255.0);

    private static double Hue(string hex)
    {
        var (r, g, b) = Rgb(hex);
        double max = Math.Max(r, Math.Max(g, b)), min = Math.Min(r, Math.Min(g, b)), d = max - min;
        if (d == 0) return double.NaN;
        double h = max == r ? (g - b) / d % 6 : max == g ? (b - r) / d + 2 : (r - g) / d + 4;
        return (h * 60 + 360) % 360;
    }

    private static double Luminance(string hex)
    {
        static double L(double c) => c <= 0.03928 ? c / 12.92 : Math.Pow((c + 0.055) / 1.055, 2.4);
        var (r, g, b) = Rgb(hex);
        return 0.2126 * L(r) + 0.7152 * L(g) + 0.0722 * L(b);
    }

    /// <summary>Hue distance; a grey or black (no hue) counts as far from every colour.</summary>
    private static double HueGap(string a, string b)
    {
        double ha = Hue(a), hb = Hue(b);
        if (double.IsNaN(ha) || double.IsNaN(hb)) return 180;
        double d = Math.Abs(ha - hb);
        return Math.Min(d, 360 - d);
    }

    [Fact]
    public void SevenDistinctOkabeItoColoursAndNeighbouringPhasesDifferInHue()
    {
        string[] phases = ["ZIF-4", "ZIF-4-cp", "ZIF-4-cp-II", "ZIF-zni", "ZIF-hPT-II", "glass", "liquid"];
        var colours = phases.Select(PhasePalette.HexOf).ToArray();
        Assert.Equal(7, colours.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.All(colours, c => Assert.Contains(c, PhasePalette.OkabeIto));
        // Clusters that touch in the t-SNE map must not get neighbouring hues.
        Assert.True(HueGap(PhasePalette.HexOf("ZIF-4"), PhasePalette.HexOf("glass")) > 90);
        Assert.True(HueGap(PhasePalette.HexOf("ZIF-4-cp"), PhasePalette.HexOf("ZIF-4-cp-II")) > 90);
        Assert.True(HueGap(PhasePalette.HexOf("glass"), PhasePalette.HexOf("liquid")) > 90);
        // Every phase colour stands out on a white page (WCAG contrast ≥ 2).
        foreach (var (p, c) in phases.Zip(colours))
            Assert.True(1.05 / (Luminance(c) + 0.05) >= 2, $"{p} {c}: contrast {1.05 / (Luminance(c) + 0.05):F2} on white");
    }

    private static (double L, double A, double B) Lab(string hex)
    {
        static double Lin(double c) => c <= 0.04045 ? c / 12.92 : Math.Pow((c + 0.055) / 1.055, 2.4);
        static double F(double t) => t > 0.008856 ? Math.Cbrt(t) : 7.787 * t + 16.0 / 116;
        var (r, g, b) = Rgb(hex);
        (r, g, b) = (Lin(r), Lin(g), Lin(b));
        double x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047, y = 0.2126 * r + 0.7152 * g + 0.0722 * b, z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883;
        return (116 * F(y) - 16, 500 * (F(x) - F(y)), 200 * (F(y) - F(z)));
    }

    private static double DeltaE(string a, string b)
    {
        var (l1, a1, b1) = Lab(a);
        var (l2, a2, b2) = Lab(b);
        return Math.Sqrt((l1 - l2) * (l1 - l2) + (a1 - a2) * (a1 - a2) + (b1 - b2) * (b1 - b2));
    }

    [Fact]
    public void NonPhaseSeriesNeverWearAPhaseColour()
    {
        string[] phases = ["ZIF-4", "ZIF-4-cp", "ZIF-4-cp-II", "ZIF-zni", "ZIF-hPT-II", "glass", "liquid", "uncertain", "unknown"];
        var phaseColours = phases.Select(PhasePalette.HexOf).Concat(PhasePalette.OkabeIto).Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
        var series = Enumerable.Range(0, 9).Select(PhasePalette.SeriesOf).ToArray();
        Assert.Equal(PhasePalette.Series, series[..5]);
        Assert.Equal(5, series[..5].Distinct(StringComparer.OrdinalIgnoreCase).Count());
        foreach (var s in series)
            foreach (var p in phaseColours)
            {
                Assert.False(string.Equals(s, p, StringComparison.OrdinalIgnoreCase), $"series colour {s} is phase colour {p}");
                // Not merely unequal: clearly different (CIELAB ΔE ≥ 25; 2.3 is just noticeable).
                Assert.True(DeltaE(s, p) >= 25, $"series colour {s} is close to phase colour {p}: ΔE {DeltaE(s, p):F1}");
            }
        Assert.Equal("#444444", series[8]);
    }

    [Fact]
    public void UnknownIsANeutralGreyClearlyApartFromEveryPhaseTheUncertainGreyAndTheSeries()
    {
        var unknown = PhasePalette.HexOf("unknown");
        Assert.Equal(PhasePalette.UnknownColour, unknown);
        Assert.True(double.IsNaN(Hue(unknown)), "unknown must be a grey (no hue)");
        string[] others = ["ZIF-4", "ZIF-4-cp", "ZIF-4-cp-II", "ZIF-zni", "ZIF-hPT-II", "glass", "liquid", "uncertain"];
        foreach (var c in others.Select(PhasePalette.HexOf).Concat(PhasePalette.OkabeIto).Concat(PhasePalette.Series).Append(PhasePalette.SeriesOf(99)))
            Assert.True(DeltaE(unknown, c) >= 25, $"unknown {unknown} is close to {c}: ΔE {DeltaE(unknown, c):F1}");
    }
}
