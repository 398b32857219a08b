using System.Text;

namespace ZifPhase.Structures;

/// <summary>
/// Column names that NumPy (<c>genfromtxt(names=True)</c>), pandas, ASE and OVITO keep exactly as written: a phase
/// name becomes an identifier by replacing every character other than an ASCII letter, digit or underscore with
/// "_" (ZIF-4-cp → ZIF_4_cp, so frac_ZIF_4_cp, p_ZIF_4_cp). Classes whose identifiers coincide cannot share a file.
/// Readers map a phase name to its column with <see cref="Identifier"/>, so the phase names themselves stay those
/// of the model.
/// </summary>
public static class ColumnNames
{
    /// <summary>The identifier form of a phase (class) name: [A-Za-z0-9_] kept, anything else → "_".</summary>
    public static string Identifier(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var sb = new StringBuilder(name.Length);
        foreach (char ch in name)
            sb.Append(ch is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '_' ? ch : '_');
        return sb.ToString();
    }

    /// <summary>Identifiers of the classes in order; two classes with the same identifier are an error that names both.</summary>
    public static string[] Identifiers(IReadOnlyList<string> classes)
    {
        var ids = classes.Select(Identifier).ToArray();
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        for (int i = 0; i < ids.Length; i++)
            if (!seen.TryAdd(ids[i], classes[i]))
                throw new ZifPhaseException($"classes '{seen[ids[i]]}' and '{classes[i]}' both become column name part '{ids[i]}': rename one");
        return ids;
    }
}
