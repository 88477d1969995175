using System.Globalization;
using ScottPlot;
using SecuriteQuotidien.Domain.Departments;
using SecuriteQuotidien.Domain.Status;

namespace SecuriteQuotidien.Bot.Status;

/// <summary>
/// The two charts of the status card, rendered on the server with ScottPlot (SkiaSharp) as PNGs and
/// embedded as data URIs: Teams renders data URIs in bot cards and does not count Base64 images in the
/// 100 KB message limit, so no image hosting, signed URL or expiry is needed.
/// <list type="bullet">
/// <item><see cref="RenderTrend"/>: per week of the last 12, the issues opened, answered in time and gone late;</item>
/// <item><see cref="RenderSectors"/>: per sector, the issues open today, split into late, due within 7 days
/// and the others, the sector's full name above its bar.</item>
/// </list>
/// </summary>
/// <remarks>
/// Sizes: a card shows an image at most as wide as its content (about 418 px in a Teams desktop chat, 328 px
/// on a 360 px phone) and never wider than the PNG. At <see cref="Width"/> px with <see cref="FontSize"/> px
/// text, the text shows at 14.6 px on the desktop and 11.5 px on the phone. The text uses Liberation Sans
/// shipped in Status/Fonts (SIL OFL 1.1), so that a chart looks the same on any machine, fonts installed or not.
/// </remarks>
public static class StatusChart
{
    /// <summary>A chart must stay below this size (PNG bytes).</summary>
    public const int MaxBytes = 60 * 1024;

    public const int Width = 600;
    public const int TrendHeight = 360;

    /// <summary>Tick labels, legend and sector names, in PNG pixels.</summary>
    public const float FontSize = 21;

    private static readonly Color OpenedColor = Color.FromHex("#1565C0");
    private static readonly Color OnTimeColor = Color.FromHex("#2E7D32");
    private static readonly Color LateColor = Color.FromHex("#C62828");
    private static readonly Color DueSoonColor = Color.FromHex("#EF6C00");
    private static readonly Color OtherOpenColor = Color.FromHex("#90A4AE");
    private static readonly Color TextColor = Color.FromHex("#242424");
    private static readonly Color GridColor = Color.FromHex("#E0E0E0");
    private static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-FR");

    /// <summary>The weekly trend, or null when nothing happened in those weeks.</summary>
    public static byte[]? RenderTrend(StatusReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var weeks = report.Trend;
        if (weeks.Count == 0 || weeks.All(w => w.Opened == 0 && w.AnsweredOnTime == 0 && w.Missed == 0))
        {
            return null;
        }

        using var plot = NewPlot();
        double[] xs = [.. Enumerable.Range(0, weeks.Count).Select(i => (double)i)];
        Line(plot, xs, [.. weeks.Select(w => (double)w.Opened)], OpenedColor, "Nouveaux signalements", LinePattern.Solid);
        Line(plot, xs, [.. weeks.Select(w => (double)w.AnsweredOnTime)], OnTimeColor, "Réponses dans les délais", LinePattern.Solid);
        Line(plot, xs, [.. weeks.Select(w => (double)w.Missed)], LateColor, "Échéances dépassées", LinePattern.Dashed);

        // Every other Monday, the latest week labelled: "7 sept.", "21 sept.", … "16 nov.".
        var ticks = Enumerable.Range(0, weeks.Count).Where(i => (weeks.Count - 1 - i) % 2 == 0)
            .Select(i => new Tick(i, weeks[i].Monday.ToString("d MMM", French))).ToArray();
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(ticks);
        var highest = weeks.Max(w => Math.Max(w.Opened, Math.Max(w.AnsweredOnTime, w.Missed)));
        plot.Axes.Left.TickGenerator = IntegerTicks();
        plot.Axes.SetLimits(-0.4, weeks.Count - 0.6, 0, Math.Max(4, highest * 1.12));
        plot.ShowLegend(Edge.Bottom);
        StyleLegend(plot);
        return Png(plot, TrendHeight);
    }

    /// <summary>Open issues per sector today, or null when none is open.</summary>
    public static byte[]? RenderSectors(StatusReport report, IDirectory directory)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(directory);
        var sectors = report.BySector.Where(s => s.Figures.Open > 0).ToList();
        if (sectors.Count == 0)
        {
            return null;
        }

        using var plot = NewPlot();
        var bars = new List<Bar>();
        var widest = sectors.Max(s => s.Figures.Open);
        // From the top: each sector has a row of 1 unit, its name above a bar of 0.45.
        for (var i = 0; i < sectors.Count; i++)
        {
            var figures = sectors[i].Figures;
            var y = sectors.Count - 1 - i;
            var late = figures.Overdue;
            var dueSoon = figures.DueSoon;
            var others = figures.Open - late - dueSoon;
            bars.Add(Segment(y, 0, late, LateColor));
            bars.Add(Segment(y, late, late + dueSoon, DueSoonColor));
            bars.Add(Segment(y, late + dueSoon, figures.Open, OtherOpenColor));
            var name = plot.Add.Text(directory.FindSector(sectors[i].Id)?.Name ?? sectors[i].Id, 0, y + 0.3);
            name.LabelFontSize = FontSize;
            name.LabelFontName = ChartFonts.Name;
            name.LabelFontColor = TextColor;
            name.LabelAlignment = Alignment.LowerLeft;
            name.LabelOffsetY = -2;
        }
        var plottable = plot.Add.Bars(bars);
        plottable.Horizontal = true;
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual();
        plot.Axes.Bottom.TickGenerator = IntegerTicks();
        plot.Axes.SetLimits(0, Math.Max(4, widest * 1.05), -0.45, sectors.Count - 0.2);
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "En retard", FillColor = LateColor });
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "Échéance sous 7 jours", FillColor = DueSoonColor });
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "Autres ouverts", FillColor = OtherOpenColor });
        plot.ShowLegend(Edge.Bottom);
        StyleLegend(plot);
        return Png(plot, 120 + (sectors.Count * 70));
    }

    /// <summary>The PNG as a data URI for an Adaptive Card Image.</summary>
    public static string ToDataUri(byte[] png) => "data:image/png;base64," + Convert.ToBase64String(png);

    private static Plot NewPlot()
    {
        ChartFonts.EnsureRegistered();
        var plot = new Plot();
        plot.Font.Set(ChartFonts.Name);
        plot.FigureBackground.Color = Colors.White;
        plot.Grid.MajorLineColor = GridColor;
        foreach (var axis in new IAxis[] { plot.Axes.Bottom, plot.Axes.Left })
        {
            axis.TickLabelStyle.FontSize = FontSize;
            axis.TickLabelStyle.ForeColor = TextColor;
            axis.FrameLineStyle.Color = GridColor;
            axis.MajorTickStyle.Color = GridColor;
            axis.MinorTickStyle.Length = 0;
        }
        plot.Axes.Right.FrameLineStyle.Width = 0;
        plot.Axes.Top.FrameLineStyle.Width = 0;
        return plot;
    }

    private static ScottPlot.TickGenerators.NumericAutomatic IntegerTicks() => new() { IntegerTicksOnly = true, TargetTickCount = 5 };

    private static void Line(Plot plot, double[] xs, double[] ys, Color color, string label, LinePattern pattern)
    {
        var line = plot.Add.Scatter(xs, ys, color);
        line.LegendText = label;
        line.LineWidth = 3;
        line.MarkerSize = 9;
        line.LinePattern = pattern;
    }

    private static Bar Segment(double y, int from, int to, Color color) =>
        new() { Position = y, ValueBase = from, Value = to, FillColor = color, LineWidth = 0, Size = 0.45 };

    private static void StyleLegend(Plot plot)
    {
        plot.Legend.FontSize = FontSize;
        plot.Legend.FontName = ChartFonts.Name;
        plot.Legend.FontColor = TextColor;
        plot.Legend.OutlineWidth = 0;
        plot.Legend.ShadowColor = Colors.Transparent;
        plot.Legend.BackgroundColor = Colors.White;
        plot.Legend.Orientation = Orientation.Horizontal;
        plot.Legend.TightHorizontalWrapping = true;
    }

    private static byte[] Png(Plot plot, int height) => plot.GetImageBytes(Width, height, ImageFormat.Png);
}
