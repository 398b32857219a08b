namespace ZifPhase.Descriptors.Soap;

/// <summary>
/// DScribe 2.1.1's radial weighting of the atomic density (refs/README.md §7): w(r) = f(r) for every neighbour,
/// w0 (when given) for atoms at r = 0 (the centre itself), and 1 without any weighting. The species weight of
/// the compression settings multiplies it.
/// </summary>
internal sealed class SoapWeightingFunction
{
    private enum Kind { None, Poly, Pow, Exp }

    private readonly Kind _kind;
    private readonly double _r0, _c, _d, _m;
    private readonly double? _w0;

    /// <summary>True when some neighbour at r &gt; 0 may get a weight other than 1.</summary>
    public bool HasFunction => _kind != Kind.None;

    public SoapWeightingFunction(SoapWeighting? weighting)
    {
        if (weighting is null) return;
        if (weighting.W0 is { } w0)
        {
            if (!(w0 >= 0) || double.IsInfinity(w0)) throw new ArgumentException($"soap spec: 'weighting.w0' must be a number ≥ 0, not {w0.ToString(System.Globalization.CultureInfo.InvariantCulture)}");
            _w0 = w0;
        }
        if (weighting.Function is null) return;
        _kind = weighting.Function switch
        {
            "poly" => Kind.Poly,
            "pow" => Kind.Pow,
            "exp" => Kind.Exp,
            var f => throw new ArgumentException($"soap spec: 'weighting.function' must be \"poly\", \"pow\" or \"exp\", not \"{f}\""),
        };
        _r0 = Require(weighting.R0, "r0", positive: true);
        _c = Require(weighting.C, "c", positive: false);
        if (_kind is Kind.Pow or Kind.Exp) _d = Require(weighting.D, "d", positive: false);
        if (_kind is Kind.Poly or Kind.Pow) _m = Require(weighting.M, "m", positive: false);
    }

    private double Require(double? value, string name, bool positive)
    {
        string function = _kind.ToString().ToLowerInvariant();
        if (value is not { } v || !double.IsFinite(v) || v < 0 || (positive && v == 0))
            throw new ArgumentException($"soap spec: 'weighting.{name}' must be a number {(positive ? "> 0" : "≥ 0")} for function '{function}', {(value is null ? "and is missing" : $"not {value.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)}")}");
        return v;
    }

    /// <summary>Weight of a neighbour at distance r &gt; 0.</summary>
    public double At(double r)
    {
        switch (_kind)
        {
            case Kind.Poly:
                if (r > _r0) return 0;
                double x = r / _r0;
                double x2 = x * x;
                return _c * Math.Pow(1 + 2 * x2 * x - 3 * x2, _m);
            case Kind.Pow:
                return _c / (_d + Math.Pow(r / _r0, _m));
            case Kind.Exp:
                return _c / (_d + Math.Exp(-r / _r0));
            default:
                return 1;
        }
    }

    /// <summary>Weight of the centre atom (r = 0): w0 if given, else f(0), else 1.</summary>
    public double AtCentre => _w0 ?? (_kind == Kind.None ? 1 : At(0));

    /// <summary>
    /// DScribe's r_cut when only the weighting is given (soap.py _infer_r_cut): r0 for poly,
    /// r0 (c/threshold − d)^(1/m) for pow, r0 ln(c/threshold − d) for exp; null without a function.
    /// <see cref="DescriptorSpec.RCut"/> is always explicit here, so callers who want DScribe's default set it from this.
    /// </summary>
    public static double? InferRCut(SoapWeighting weighting)
    {
        ArgumentNullException.ThrowIfNull(weighting);
        return weighting.Function switch
        {
            "poly" => weighting.R0,
            "pow" => weighting.R0 * Math.Pow((weighting.C ?? double.NaN) / weighting.Threshold - (weighting.D ?? double.NaN), 1 / (weighting.M ?? double.NaN)),
            "exp" => weighting.R0 * Math.Log((weighting.C ?? double.NaN) / weighting.Threshold - (weighting.D ?? double.NaN)),
            _ => null,
        };
    }
}
