using ScottPlot;
using SecuriteQuotidien.Domain.Departments;
using SecuriteQuotidien.Domain.Status;

namespace SecuriteQuotidien.Bot.Status;

/// <summary>
/// The small bar chart of the status card: per sector, deadlines met, deadlines missed (in the period)
/// and issues open today. Rendered on the server with ScottPlot (SkiaSharp) as a PNG, embedded in the card
/// as a data URI: Teams renders data URIs in bot cards and does not count Base64 images in the 100 KB
/// message limit (bot-protocol.md §4.6, §5.3), so no image hosting, signed URL or expiry is needed.
/// </summary>
public static class StatusChart
{
    /// <summary>The chart must stay below this size (PNG bytes).</summary>
    public const int MaxBytes = 60 * 1024;

    public const int Width = 560;
    public const int Height = 260;

    private static readonly Color OnTimeColor = Color.FromHex("#2E7D32");
    private static readonly Color LateColor = Color.FromHex("#C62828");
    private static readonly Color OpenColor = Color.FromHex("#1565C0");

    /// <summary>The PNG, or null when no sector has anything to show.</summary>
    public static byte[]? Render(StatusReport report, IDirectory directory)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(directory);
        var sectors = report.BySector.Where(s => s.Figures.OnTime.Denominator > 0 || s.Figures.Open > 0).ToList();
        if (sectors.Count == 0)
        {
            return null;
        }

        using var plot = new Plot();
        var bars = new List<Bar>();
        var ticks = new List<Tick>();
        for (var i = 0; i < sectors.Count; i++)
        {
            var figures = sectors[i].Figures;
            var center = i * 4.0 + 1;
            bars.Add(Bar(center - 1, figures.OnTime.Numerator, OnTimeColor));
            bars.Add(Bar(center, figures.OnTime.Denominator - figures.OnTime.Numerator, LateColor));
            bars.Add(Bar(center + 1, figures.Open, OpenColor));
            ticks.Add(new Tick(center, ShortName(directory, sectors[i].Id)));
        }
        plot.Add.Bars(bars);
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual([.. ticks]);
        plot.Axes.Bottom.TickLabelStyle.FontSize = 10;
        plot.Axes.Left.TickLabelStyle.FontSize = 10;
        plot.Axes.Margins(bottom: 0);
        plot.Legend.IsVisible = true;
        plot.Legend.Alignment = Alignment.UpperRight;
        plot.Legend.FontSize = 10;
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "Dans les délais", FillColor = OnTimeColor });
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "Hors délais", FillColor = LateColor });
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "Ouverts", FillColor = OpenColor });
        return plot.GetImageBytes(Width, Height, ImageFormat.Png);
    }

    /// <summary>The PNG as a data URI for an Adaptive Card Image.</summary>
    public static string ToDataUri(byte[] png) => "data:image/png;base64," + Convert.ToBase64String(png);

    private static Bar Bar(double position, int value, Color color) =>
        new() { Position = position, Value = value, FillColor = color, LineWidth = 0, Size = 0.9 };

    // "Gap – hyper-centre" → "Gap hyper-c." would be unreadable; the commune and the zone's first word fit a tick.
    private static string ShortName(IDirectory directory, string sectorId)
    {
        if (directory.FindSector(sectorId) is not { } sector)
        {
            return sectorId;
        }
        var zone = sector.Zone switch
        {
            SectorZone.HyperCentre => "centre",
            SectorZone.BusinessZones => "éco.",
            SectorZone.DenseHousing => "densité",
            _ => "",
        };
        return $"{sector.Commune}\n{zone}";
    }
}
