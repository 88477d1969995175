using System.Text.Json;

namespace SecuriteQuotidien.Testing;

/// <summary>One card's verdict from the official `adaptivecards` npm parser (target version 1.5).</summary>
public sealed record CardVerdict(string File, bool Ok, IReadOnlyList<string> Errors);

/// <summary>Runs scripts/validate-cards.js (the official parser from npm) over card JSON documents.</summary>
public static class CardValidator
{
    public static async Task<IReadOnlyList<CardVerdict>> ValidateAsync(IReadOnlyDictionary<string, string> cardsByName)
    {
        var dir = Directory.CreateTempSubdirectory("cards-");
        try
        {
            foreach (var (name, json) in cardsByName)
            {
                await File.WriteAllTextAsync(Path.Combine(dir.FullName, name + ".json"), json);
            }
            await using var node = ChildProcess.Start("node", [RepoPaths.Combine("scripts", "validate-cards.js"), dir.FullName]);
            if (!await node.WaitForExitAsync(TimeSpan.FromSeconds(60)))
            {
                throw new TimeoutException("The card validator did not finish: " + node.Output);
            }
            await Task.Delay(50); // let the asynchronous output readers drain
            var verdicts = node.Output
                .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Where(line => line.StartsWith('{'))
                .Select(line => JsonSerializer.Deserialize<CardVerdict>(line, new JsonSerializerOptions(JsonSerializerDefaults.Web))!)
                .ToList();
            if (verdicts.Count != cardsByName.Count)
            {
                throw new InvalidOperationException($"Expected {cardsByName.Count} verdicts, got {verdicts.Count}: {node.Output}");
            }
            return verdicts;
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
