namespace ZifPhase.IO;

internal enum CifTokenKind
{
    /// <summary>A data name, "_cell_length_a".</summary>
    Tag,
    /// <summary>A value: unquoted, 'single' or "double" quoted, or a ;-delimited text field.</summary>
    Value,
    Loop,
    /// <summary>"data_NAME"; Text holds NAME.</summary>
    Data,
    /// <summary>"save_" frame start or end; Text holds the frame name (empty at the end).</summary>
    Save,
    Global,
    Stop,
}

/// <param name="Quoted">True for quoted strings and text fields: a quoted '?' or '.' is a value, not "missing".</param>
internal readonly record struct CifToken(CifTokenKind Kind, string Text, long Line, bool Quoted = false)
{
    /// <summary>"?" (unknown) and "." (not applicable) written without quotes.</summary>
    public bool IsMissing => Kind == CifTokenKind.Value && !Quoted && (Text == "?" || Text == ".");
}

/// <summary>
/// CIF 1.1 lexer: comments from a '#' that starts a token, reserved words (data_, loop_, save_, global_, stop_,
/// case-insensitive), tags, unquoted values, quoted values (a quote closes only when followed by a blank or the
/// end of the line, so 'N,N'' style apostrophes inside stay part of the value) and text fields between lines that
/// start with ';'. Lines are numbered from 1.
/// </summary>
internal static class CifTokenizer
{
    public static IEnumerable<CifToken> Tokenize(TextReader reader, string source)
    {
        long lineNo = 0;
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            lineNo++;
            int pos = 0;
            if (line.Length > 0 && line[0] == ';')
            {
                long start = lineNo;
                var text = new System.Text.StringBuilder(line, 1, line.Length - 1, line.Length);
                bool closed = false;
                while ((line = reader.ReadLine()) is not null)
                {
                    lineNo++;
                    if (line.Length > 0 && line[0] == ';')
                    {
                        closed = true;
                        break;
                    }
                    text.Append('\n').Append(line);
                }
                if (!closed) throw new InputException(source, null, start, "text field opened with ';' is never closed");
                yield return new CifToken(CifTokenKind.Value, TrimTextField(text.ToString()), start, true);
                pos = 1; // the rest of the closing line holds more tokens
            }
            while (true)
            {
                while (pos < line!.Length && IsBlank(line[pos])) pos++;
                if (pos >= line.Length) break;
                char ch = line[pos];
                if (ch == '#') break;
                if (ch == '\'' || ch == '"')
                {
                    int end = pos + 1;
                    while (end < line.Length && !(line[end] == ch && (end + 1 == line.Length || IsBlank(line[end + 1])))) end++;
                    if (end >= line.Length)
                        throw new InputException(source, null, lineNo, $"quoted value {line[pos..].Trim()} is not closed on its line");
                    yield return new CifToken(CifTokenKind.Value, line[(pos + 1)..end], lineNo, true);
                    pos = end + 1;
                    continue;
                }
                int stop = pos;
                while (stop < line.Length && !IsBlank(line[stop])) stop++;
                string word = line[pos..stop];
                pos = stop;
                yield return Classify(word, lineNo);
            }
        }
    }

    private static CifToken Classify(string word, long line)
    {
        if (word[0] == '_') return new CifToken(CifTokenKind.Tag, word, line);
        if (word.StartsWith("data_", StringComparison.OrdinalIgnoreCase)) return new CifToken(CifTokenKind.Data, word[5..], line);
        if (word.Equals("loop_", StringComparison.OrdinalIgnoreCase)) return new CifToken(CifTokenKind.Loop, word, line);
        if (word.StartsWith("save_", StringComparison.OrdinalIgnoreCase)) return new CifToken(CifTokenKind.Save, word[5..], line);
        if (word.Equals("global_", StringComparison.OrdinalIgnoreCase)) return new CifToken(CifTokenKind.Global, word, line);
        if (word.Equals("stop_", StringComparison.OrdinalIgnoreCase)) return new CifToken(CifTokenKind.Stop, word, line);
        return new CifToken(CifTokenKind.Value, word, line);
    }

    // A text field's first line is often empty (";" alone); drop that leading newline and trailing blanks.
    private static string TrimTextField(string text)
    {
        if (text.Length > 0 && text.Trim(' ', '\t').Length == 0) return "";
        int nl = text.IndexOf('\n');
        if (nl >= 0 && text[..nl].Trim(' ', '\t').Length == 0) text = text[(nl + 1)..];
        return text.TrimEnd();
    }

    private static bool IsBlank(char c) => c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}
