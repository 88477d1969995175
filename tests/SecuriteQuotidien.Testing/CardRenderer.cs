using System.Text.Json;

namespace SecuriteQuotidien.Testing;

/// <summary>An image of a rendered card: its PNG width and the width it is shown at.</summary>
public sealed record RenderedImage(int Natural, int Displayed);

/// <summary>One card rendered at one width by scripts/render-cards.js: what is wrong with it, if anything.</summary>
public sealed record CardRendering(string File, int Width, bool Ok, IReadOnlyList<string> Problems, int Height, IReadOnlyList<RenderedImage> Images)
{
    public string Name => Path.GetFileNameWithoutExtension(File);
}

/// <summary>The renderings of a set of cards, or why none was made (no Chromium on this machine).</summary>
public sealed record CardRenderings(IReadOnlyList<CardRendering> Renderings, string? Skipped);

/// <summary>
/// Runs scripts/render-cards.js (the official `adaptivecards` renderer in headless Chromium) over card JSON
/// documents: writes each card's JSON and its PNG at each width to <c>outputDirectory</c>.
/// </summary>
public static class CardRenderer
{
    /// <summary>Teams desktop (a standard card in a chat or channel) and a phone.</summary>
    public static readonly int[] Widths = [450, 360];

    public static async Task<CardRenderings> RenderAsync(IReadOnlyDictionary<string, string> cardsByName, string outputDirectory)
    {
        ArgumentNullException.ThrowIfNull(cardsByName);
        var json = Path.Combine(outputDirectory, "json");
        if (Directory.Exists(outputDirectory))
        {
            Directory.Delete(outputDirectory, recursive: true);
        }
        Directory.CreateDirectory(json);
        foreach (var (name, card) in cardsByName)
        {
            await File.WriteAllTextAsync(Path.Combine(json, name + ".json"), card);
        }
        await using var node = ChildProcess.Start("node",
            [RepoPaths.Combine("scripts", "render-cards.js"), "--out", outputDirectory, "--widths", string.Join(',', Widths), json]);
        // About a second per card on a busy 2-core machine.
        if (!await node.WaitForExitAsync(TimeSpan.FromSeconds(60 + (3 * cardsByName.Count))))
        {
            throw new TimeoutException("The card renderer did not finish: " + node.Output);
        }
        await Task.Delay(50); // let the asynchronous output readers drain
        var lines = node.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(line => line.StartsWith('{')).ToList();
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        if (node.Process.ExitCode == 2 && lines.Count == 1 && JsonDocument.Parse(lines[0]).RootElement.TryGetProperty("skipped", out var reason))
        {
            return new CardRenderings([], reason.GetString());
        }
        var renderings = lines.Select(line => JsonSerializer.Deserialize<CardRendering>(line, options)!).ToList();
        if (renderings.Count != cardsByName.Count * Widths.Length)
        {
            throw new InvalidOperationException(
                $"Expected {cardsByName.Count * Widths.Length} renderings, got {renderings.Count} (exit code {node.Process.ExitCode}): {node.Output}");
        }
        return new CardRenderings(renderings, null);
    }
}
