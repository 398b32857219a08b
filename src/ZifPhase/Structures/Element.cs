using System.Collections.Frozen;

namespace ZifPhase.Structures;

/// <summary>A chemical element: symbol, atomic number and standard atomic mass (IUPAC 2021 abridged, g/mol).</summary>
public sealed class Element
{
    /// <summary>Chemical symbol with standard capitalisation ("Zn").</summary>
    public string Symbol { get; }
    /// <summary>Atomic number.</summary>
    public int Z { get; }
    /// <summary>Standard atomic mass in g/mol (IUPAC 2021 abridged).</summary>
    public double Mass { get; }

    private Element(string symbol, int z, double mass)
    {
        Symbol = symbol;
        Z = z;
        Mass = mass;
    }

    /// <summary>The chemical symbol.</summary>
    public override string ToString() => Symbol;

    // Standard atomic weights (conventional values for elements with intervals), H..Kr plus the heavier
    // elements met in MOF and ZIF simulations. Index = Z - 1.
    private static readonly (string Symbol, double Mass)[] Table =
    [
        ("H", 1.008), ("He", 4.0026), ("Li", 6.94), ("Be", 9.0122), ("B", 10.81), ("C", 12.011), ("N", 14.007),
        ("O", 15.999), ("F", 18.998), ("Ne", 20.180), ("Na", 22.990), ("Mg", 24.305), ("Al", 26.982),
        ("Si", 28.085), ("P", 30.974), ("S", 32.06), ("Cl", 35.45), ("Ar", 39.95), ("K", 39.098), ("Ca", 40.078),
        ("Sc", 44.956), ("Ti", 47.867), ("V", 50.942), ("Cr", 51.996), ("Mn", 54.938), ("Fe", 55.845),
        ("Co", 58.933), ("Ni", 58.693), ("Cu", 63.546), ("Zn", 65.38), ("Ga", 69.723), ("Ge", 72.630),
        ("As", 74.922), ("Se", 78.971), ("Br", 79.904), ("Kr", 83.798), ("Rb", 85.468), ("Sr", 87.62),
        ("Y", 88.906), ("Zr", 91.224), ("Nb", 92.906), ("Mo", 95.95), ("Tc", 97.0), ("Ru", 101.07),
        ("Rh", 102.91), ("Pd", 106.42), ("Ag", 107.87), ("Cd", 112.41), ("In", 114.82), ("Sn", 118.71),
        ("Sb", 121.76), ("Te", 127.60), ("I", 126.90), ("Xe", 131.29), ("Cs", 132.91), ("Ba", 137.33),
        ("La", 138.91), ("Ce", 140.12), ("Pr", 140.91), ("Nd", 144.24), ("Pm", 145.0), ("Sm", 150.36),
        ("Eu", 151.96), ("Gd", 157.25), ("Tb", 158.93), ("Dy", 162.50), ("Ho", 164.93), ("Er", 167.26),
        ("Tm", 168.93), ("Yb", 173.05), ("Lu", 174.97), ("Hf", 178.49), ("Ta", 180.95), ("W", 183.84),
        ("Re", 186.21), ("Os", 190.23), ("Ir", 192.22), ("Pt", 195.08), ("Au", 196.97), ("Hg", 200.59),
        ("Tl", 204.38), ("Pb", 207.2), ("Bi", 208.98),
    ];

    private static readonly Element[] ByZ = Table.Select((t, i) => new Element(t.Symbol, i + 1, t.Mass)).ToArray();

    private static readonly FrozenDictionary<string, Element> BySymbol =
        ByZ.ToFrozenDictionary(e => e.Symbol, StringComparer.OrdinalIgnoreCase);

    /// <summary>Every element in the table (H to Bi), ordered by atomic number.</summary>
    public static IReadOnlyList<Element> All => ByZ;

    /// <summary>Zinc, the metal node of ZIFs.</summary>
    public static Element Zn => FromSymbol("Zn");
    /// <summary>Nitrogen, of the imidazolate linkers.</summary>
    public static Element N => FromSymbol("N");
    /// <summary>Carbon, of the imidazolate linkers.</summary>
    public static Element C => FromSymbol("C");
    /// <summary>Hydrogen.</summary>
    public static Element H => FromSymbol("H");

    /// <summary>The element with atomic number <paramref name="z"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">No element in the table has that atomic number (1 to 83).</exception>
    public static Element FromZ(int z) =>
        z >= 1 && z <= ByZ.Length ? ByZ[z - 1] : throw new ArgumentOutOfRangeException(nameof(z), $"no element with Z = {z}");

    /// <summary>Exact symbol, case-insensitive ("Zn", "ZN", "zn").</summary>
    public static bool TryFromSymbol(ReadOnlySpan<char> symbol, out Element element)
    {
        var lookup = BySymbol.GetAlternateLookup<ReadOnlySpan<char>>();
        if (lookup.TryGetValue(symbol.Trim(), out var found))
        {
            element = found;
            return true;
        }
        element = null!;
        return false;
    }

    /// <summary>The element with the given symbol, case-insensitive ("Zn", "ZN", "zn").</summary>
    /// <exception cref="ArgumentException">The symbol is not an element in the table.</exception>
    public static Element FromSymbol(string symbol) =>
        TryFromSymbol(symbol, out var e) ? e : throw new ArgumentException($"unknown element symbol '{symbol}'", nameof(symbol));

    /// <summary>
    /// Element from a site label as found in CIF files and force-field type names: "Zn1", "N2A", "C10", "H1B", "ZN".
    /// Takes the leading letters; tries two letters, then one.
    /// </summary>
    public static bool TryFromLabel(ReadOnlySpan<char> label, out Element element)
    {
        label = label.Trim();
        int n = 0;
        while (n < label.Length && char.IsAsciiLetter(label[n])) n++;
        if (n >= 2 && TryFromSymbol(label[..2], out element) && (n == 2 || !TryFromSymbol(label[..1], out _) || char.IsAsciiLetterLower(label[1])))
            return true;
        if (n >= 1 && TryFromSymbol(label[..1], out element)) return true;
        element = null!;
        return false;
    }

    /// <summary>The element whose standard mass is closest to <paramref name="mass"/>, if within <paramref name="tolerance"/> g/mol.</summary>
    public static bool TryFromMass(double mass, out Element element, double tolerance = 0.5)
    {
        Element? best = null;
        double bestDiff = double.MaxValue;
        foreach (var e in ByZ)
        {
            double d = Math.Abs(e.Mass - mass);
            if (d < bestDiff)
            {
                bestDiff = d;
                best = e;
            }
        }
        element = best!;
        return bestDiff <= tolerance;
    }
}
