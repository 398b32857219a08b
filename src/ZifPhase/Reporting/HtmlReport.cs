using System.Net;
using System.Text;

namespace ZifPhase.Reporting;

/// <summary>
/// A self-contained HTML page: headings, paragraphs, tables and PNG images inlined as data URIs, so the one
/// file can be mailed or archived and opens anywhere.
/// </summary>
public sealed class HtmlReport(string title)
{
    private readonly StringBuilder _body = new();

    /// <summary>The page's title (the &lt;title&gt; element).</summary>
    public string Title { get; } = title;

    /// <summary>Appends a heading &lt;h<paramref name="level"/>&gt; with the text escaped.</summary>
    public HtmlReport Heading(string text, int level = 2)
    {
        _body.Append(System.Globalization.CultureInfo.InvariantCulture, $"<h{level}>{Escape(text)}</h{level}>\n");
        return this;
    }

    /// <summary>Appends a paragraph with the text escaped.</summary>
    public HtmlReport Paragraph(string text)
    {
        _body.Append("<p>").Append(Escape(text)).Append("</p>\n");
        return this;
    }

    /// <summary>Appends a table: a header row, one row per entry of <paramref name="rows"/> (cells escaped), an optional id attribute and caption.</summary>
    public HtmlReport Table(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows, string? id = null, string? caption = null)
    {
        _body.Append(id is null ? "<table>" : $"<table id=\"{Escape(id)}\">");
        if (caption is not null) _body.Append("<caption>").Append(Escape(caption)).Append("</caption>");
        _body.Append("<thead><tr>");
        foreach (var h in headers) _body.Append("<th>").Append(Escape(h)).Append("</th>");
        _body.Append("</tr></thead><tbody>\n");
        foreach (var row in rows)
        {
            _body.Append("<tr>");
            foreach (var cell in row) _body.Append("<td>").Append(Escape(cell)).Append("</td>");
            _body.Append("</tr>\n");
        }
        _body.Append("</tbody></table>\n");
        return this;
    }

    /// <summary>Inlines a PNG file as a figure with a caption.</summary>
    public HtmlReport Image(string pngPath, string caption)
    {
        var data = Convert.ToBase64String(File.ReadAllBytes(pngPath));
        _body.Append("<figure><img alt=\"").Append(Escape(caption)).Append("\" src=\"data:image/png;base64,").Append(data)
            .Append("\"><figcaption>").Append(Escape(caption)).Append("</figcaption></figure>\n");
        return this;
    }

    /// <summary>The whole page: doctype, head (UTF-8, title, inline style) and the body appended so far.</summary>
    public string Render() => $$"""
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><title>{{Escape(Title)}}</title>
        <style>
        body { font-family: system-ui, sans-serif; max-width: 1100px; margin: 2em auto; padding: 0 1em; color: #222; line-height: 1.45; }
        table { border-collapse: collapse; margin: 1em 0; font-size: 0.92em; }
        th, td { border: 1px solid #ccc; padding: 0.3em 0.6em; text-align: left; }
        th { background: #f0f0f0; }
        caption { caption-side: top; text-align: left; font-weight: 600; padding-bottom: 0.3em; }
        figure { margin: 1em 0; } img { max-width: 100%; border: 1px solid #ddd; }
        figcaption { font-size: 0.9em; color: #555; }
        </style></head><body>
        <h1>{{Escape(Title)}}</h1>
        {{_body}}
        </body></html>
        """;

    /// <summary>Writes the page to NAME.tmp, then renames it.</summary>
    public void Save(string path) => IO.AtomicFile.WriteAllText(path, Render());

    private static string Escape(string s) => WebUtility.HtmlEncode(s);
}
