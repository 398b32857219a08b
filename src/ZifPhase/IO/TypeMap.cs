using System.Globalization;
using ZifPhase.Structures;

namespace ZifPhase.IO;

/// <summary>LAMMPS atom type → element, parsed from "1=Zn,2=N,3=C,4=H".</summary>
public sealed class TypeMap
{
    private readonly Dictionary<int, Element> _map;

    public TypeMap(IReadOnlyDictionary<int, Element> map) => _map = new Dictionary<int, Element>(map);

    public IReadOnlyDictionary<int, Element> Entries => _map;

    public bool TryGet(int type, out Element element) => _map.TryGetValue(type, out element!);

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

    public override string ToString() => string.Join(",", _map.OrderBy(kv => kv.Key).Select(kv => $"{kv.Key}={kv.Value.Symbol}"));
}
