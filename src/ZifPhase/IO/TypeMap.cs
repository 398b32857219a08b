using System.Globalization;
using ZifPhase.Structures;

namespace ZifPhase.IO;

/// <summary>LAMMPS atom type → element, parsed from "1=Zn,2=N,3=C,4=H".</summary>
public sealed class TypeMap
{
    private readonly Dictionary<int, Element> _map;

    /// <summary>A map from LAMMPS atom types (1-based) to elements; the dictionary is copied.</summary>
    public TypeMap(IReadOnlyDictionary<int, Element> map) => _map = new Dictionary<int, Element>(map);

    /// <summary>Every type (1-based) and its element.</summary>
    public IReadOnlyDictionary<int, Element> Entries => _map;

    /// <summary>The element of LAMMPS atom type <paramref name="type"/> (1-based); false when the map does not name it.</summary>
    public bool TryGet(int type, out Element element) => _map.TryGetValue(type, out element!);

    /// <summary>Parses "1=Zn,2=N,3=C,4=H": comma-separated TYPE=ELEMENT entries, types 1-based, each named once.</summary>
    /// <exception cref="ZifPhaseException">The text is empty, an entry is malformed, an element unknown or a type repeated.</exception>
    public static TypeMap Parse(string text)
    {
        var map = new Dictionary<int, Element>();
        foreach (var raw in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var kv = raw.Split('=', StringSplitOptions.TrimEntries);
            if (kv.Length != 2 || !int.TryParse(kv[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out int type) || type < 1)
                throw new ZifPhaseException($"type map entry '{raw}' is not TYPE=ELEMENT (e.g. 1=Zn)");
            if (!Element.TryFromSymbol(kv[1], out var e))
                throw new ZifPhaseException($"type map entry '{raw}': unknown element '{kv[1]}'");
            if (!map.TryAdd(type, e)) throw new ZifPhaseException($"type map names type {type} twice");
        }
        if (map.Count == 0) throw new ZifPhaseException($"empty type map '{text}'");
        return new TypeMap(map);
    }

    /// <summary>The map in the form <see cref="Parse"/> reads, ordered by type: "1=Zn,2=N".</summary>
    public override string ToString() => string.Join(",", _map.OrderBy(kv => kv.Key).Select(kv => $"{kv.Key}={kv.Value.Symbol}"));
}
