using System.Diagnostics;
using System.Net.Sockets;
using SecuriteQuotidien.Testing;
using Xunit.Abstractions;

namespace SecuriteQuotidien.EndToEnd.Tests;

/// <summary>
/// The README's first command, scripts/run-local.sh, as a person uses it: started, then one Ctrl+C (SIGINT to
/// the script, as the terminal sends it) stops Azurite, the bot and the playground within 10 seconds; each run
/// keeps its own logs and says where.
/// </summary>
public sealed class RunLocalScriptTests(ITestOutputHelper output)
{
    private static readonly TimeSpan StartLimit = TimeSpan.FromMinutes(3);
    private static readonly TimeSpan StopLimit = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task One_sigint_stops_azurite_the_bot_and_the_playground_within_10_seconds_and_each_run_keeps_its_logs()
    {
        int[] ports = [FreePort.Next(), FreePort.Next(), FreePort.Next()];
        var local = Directory.CreateTempSubdirectory("run-local-");
        // The bot the tests were built with: run-local.sh neither builds nor needs the Debug build.
        var configuration = new FileInfo(BotProcess.LocateBotDll()).Directory!.Parent!.Name;
        try
        {
            // As a terminal starts it: SIGINT at its default, whatever the test runner's parent left it at (a runner started
            // in the background of a script without job control ignores SIGINT, and bash cannot trap a signal ignored at entry).
            await using var script = ChildProcess.Start("env", ["--default-signal=INT", "bash", RepoPaths.Combine("scripts", "run-local.sh")],
                new Dictionary<string, string?>
            {
                ["BOT_PORT"] = ports[0].ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["PLAYGROUND_PORT"] = ports[1].ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["TABLE_PORT"] = ports[2].ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["LOCAL_DIR"] = local.FullName,
                ["SKIP_BUILD"] = "1",
                ["BOT_CONFIGURATION"] = configuration,
            });
            var url = $"http://127.0.0.1:{ports[1]}";
            var started = Stopwatch.StartNew();
            while (!script.Output.Contains(url, StringComparison.Ordinal) && !script.HasExited && started.Elapsed < StartLimit)
            {
                await Task.Delay(250);
            }
            Assert.True(script.Output.Contains(url, StringComparison.Ordinal), "run-local.sh did not print the playground's address: " + script.Output);

            var run = Assert.Single(Directory.GetDirectories(Path.Combine(local.FullName, "logs"), "20*"));
            Assert.Contains($"Journaux de ce lancement : {run}", script.Output, StringComparison.Ordinal);
            foreach (var log in new[] { "bot.log", "azurite.log", "playground.log" })
            {
                Assert.True(File.Exists(Path.Combine(run, log)), log);
            }
            var groups = File.ReadAllLines(Path.Combine(run, "pids")).Select(int.Parse).ToList();
            Assert.Equal(3, groups.Count);
            Assert.All(ports, port => Assert.True(Listening(port), $"port {port}"));

            var stopping = Stopwatch.StartNew();
            script.Signal("INT");
            var exited = await script.WaitForExitAsync(StopLimit);
            output.WriteLine($"Stopped in {stopping.Elapsed.TotalSeconds:0.0} s. Output:{Environment.NewLine}{script.Output}");

            Assert.True(exited, "run-local.sh still runs 10 s after SIGINT: " + script.Output + Environment.NewLine + "bot.log ends with:"
                + Environment.NewLine + string.Join(Environment.NewLine, File.ReadLines(Path.Combine(run, "bot.log")).TakeLast(15)));
            Assert.DoesNotContain("arrêt forcé", script.Output, StringComparison.Ordinal);
            Assert.All(groups, pid => Assert.False(Running(pid), $"process {pid} still runs"));
            Assert.All(ports, port => Assert.False(Listening(port), $"port {port} still open"));
            Assert.Contains("SectorChannelCheck", await File.ReadAllTextAsync(Path.Combine(run, "bot.log")), StringComparison.Ordinal);
        }
        finally
        {
            local.Delete(recursive: true);
        }
    }

    private static bool Listening(int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(System.Net.IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>The process exists and is not a zombie waiting to be reaped.</summary>
    private static bool Running(int pid)
    {
        var stat = $"/proc/{pid}/stat";
        try
        {
            var text = File.ReadAllText(stat);
            return text[(text.LastIndexOf(')') + 2)] != 'Z';
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }
}
