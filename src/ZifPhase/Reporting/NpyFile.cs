using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace ZifPhase.Reporting;

/// <summary>Reads 1-D or 2-D little-endian float32/float64 .npy files (C order), as <c>numpy.save</c> writes them.</summary>
public static partial class NpyFile
{
    [GeneratedRegex(@"'descr'\s*:\s*'(?<descr>[^']+)'.*'fortran_order'\s*:\s*(?<fortran>True|False).*'shape'\s*:\s*\((?<shape>[^)]*)\)", RegexOptions.Singleline)]
    private static partial Regex HeaderPattern();

    /// <summary>Values as float32, with the shape (rows, columns); a 1-D array is one row.</summary>
    public static (float[] Values, int Rows, int Columns) ReadFloat32(string path)
    {
        byte[] bytes = IO.InputFiles.ReadAllBytes(path);
        if (bytes.Length < 10 || bytes[0] != 0x93 || Encoding.ASCII.GetString(bytes, 1, 5) != "NUMPY")
            throw new InputException(path, null, null, "not a .npy file (no \\x93NUMPY magic)");
        int major = bytes[6];
        int headerLength, start;
        if (major == 1)
        {
            headerLength = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(8));
            start = 10;
        }
        else
        {
            headerLength = checked((int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(8)));
            start = 12;
        }
        var header = Encoding.Latin1.GetString(bytes, start, headerLength);
        var m = HeaderPattern().Match(header);
        if (!m.Success) throw new InputException(path, null, null, $"unreadable .npy header: {header.Trim()}");
        if (m.Groups["fortran"].Value == "True") throw new InputException(path, null, null, "Fortran-ordered arrays are not supported (save with numpy.ascontiguousarray)");
        var dims = m.Groups["shape"].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(s => long.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        if (dims.Length is < 1 or > 2) throw new InputException(path, null, null, $"expected a 1-D or 2-D array, found {dims.Length} dimensions");
        int rows = dims.Length == 2 ? checked((int)dims[0]) : 1;
        int columns = checked((int)dims[^1]);
        string descr = m.Groups["descr"].Value;
        int size = descr switch
        {
            "<f4" => 4,
            "<f8" => 8,
            _ => throw new InputException(path, null, null, $"dtype '{descr}' is not supported (use float32 or float64)"),
        };
        int data = start + headerLength;
        long count = (long)rows * columns;
        if (bytes.Length - data != count * size)
            throw new InputException(path, null, null, $"holds {bytes.Length - data} data bytes, the header promises {count * size}");
        var values = new float[count];
        for (long i = 0; i < count; i++)
            values[i] = size == 4
                ? BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(data + (int)(4 * i)))
                : (float)BinaryPrimitives.ReadDoubleLittleEndian(bytes.AsSpan(data + (int)(8 * i)));
        return (values, rows, columns);
    }
}
