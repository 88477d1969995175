using ScottPlot;
using SkiaSharp;

namespace SecuriteQuotidien.Bot.Status;

/// <summary>
/// The charts' font, Liberation Sans (SIL OFL 1.1, Status/Fonts/OFL.txt), embedded in the bot and given to
/// ScottPlot under <see cref="Name"/>: a server with no font installed (App Service, CI) draws the same text
/// as a workstation, never a fallback serif or empty boxes.
/// </summary>
public static class ChartFonts
{
    public const string Name = "Liberation Sans";

    private static readonly Lazy<EmbeddedFontResolver> Resolver = new(() =>
    {
        var resolver = new EmbeddedFontResolver(Load("LiberationSans-Regular.ttf"), Load("LiberationSans-Bold.ttf"));
        Fonts.FontResolvers.Add(resolver);
        return resolver;
    });

    /// <summary>Registers the font with ScottPlot once; the charts call it before drawing.</summary>
    public static void EnsureRegistered() => _ = Resolver.Value;

    private static SKTypeface Load(string file)
    {
        var name = $"SecuriteQuotidien.Bot.Status.Fonts.{file}";
        using var stream = typeof(ChartFonts).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The chart font {name} is not embedded in the bot.");
        return SKTypeface.FromStream(stream) ?? throw new InvalidOperationException($"The chart font {name} cannot be read.");
    }

    private sealed class EmbeddedFontResolver(SKTypeface regularFace, SKTypeface boldFace) : IFontResolver
    {
        public SKTypeface? CreateTypeface(string fontName, FontWeight weight, FontSlant slant, FontSpacing spacing) =>
            CreateTypeface(fontName, weight >= FontWeight.SemiBold, slant != FontSlant.Upright);

        public SKTypeface? CreateTypeface(string fontName, bool bold, bool italic) =>
            string.Equals(fontName, Name, StringComparison.OrdinalIgnoreCase) ? (bold ? boldFace : regularFace) : null;
    }
}
