using System.Threading.Tasks;
using CsvHelper;
using Microsoft.Playwright;

namespace StallSim.Report.Tests;

/// <summary>Debian's chromium, driven by Playwright with the system browser's path (no browser is downloaded).
/// Without chromium the tests are skipped on a developer's machine, and fail under CI, which installs it.</summary>
public sealed class Browser : IAsyncLifetime
{
    public const string Chromium = "/usr/bin/chromium";

    private IPlaywright? _playwright;

    public IBrowser? Instance { get; private set; }

    public static void SkipWithoutChromium() =>
        Skip.If(!File.Exists(Chromium) && Environment.GetEnvironmentVariable("CI") != "true",
            $"no {Chromium}: install Debian's chromium (apt-get install chromium) to run the browser tests; CI does");

    public async Task InitializeAsync()
    {
        if (!File.Exists(Chromium)) return;
        _playwright = await Playwright.CreateAsync();
        Instance = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            // As root, without a sandbox; without the background-networking flags chromium reaches for the network.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }

    public async Task DisposeAsync()
    {
        if (Instance is not null) await Instance.DisposeAsync();
        _playwright?.Dispose();
    }

    /// <summary>A page opened on <paramref name="file"/>, once its charts are drawn; what it logged and requested.</summary>
    public sealed record Opened(IPage Page, List<string> Errors, List<string> Requests);

    public async Task<Opened> OpenAsync(string file, bool abortEveryRequest = false)
    {
        Assert.True(Instance is not null, $"{Chromium} is needed (CI installs it)");
        var page = await Instance!.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1300, Height = 900 } });
        var errors = new List<string>();
        var requests = new List<string>();
        page.Console += (_, m) => { if (m.Type == "error") errors.Add(m.Text); };
        page.PageError += (_, e) => errors.Add(e);
        var url = new Uri(file).AbsoluteUri;
        page.Request += (_, r) => { if (r.Url != url) requests.Add(r.Url); };
        if (abortEveryRequest) await page.RouteAsync("**/*", route => route.Request.Url == url ? route.ContinueAsync() : route.AbortAsync());
        await page.GotoAsync(url);
        await page.WaitForFunctionAsync("() => window.stallsim && window.stallsim.ready");
        return new Opened(page, errors, requests);
    }

    /// <summary>A CSV file's rows by column name, read here with CsvHelper (not with the tool's own code).</summary>
    public static List<Dictionary<string, string>> ReadCsv(string path)
    {
        using var reader = CsvReader.Create(File.OpenRead(path), CsvReaderOptions.Default with { HasHeader = false });
        var rows = new List<Dictionary<string, string>>();
        string[]? header = null;
        while (reader.Read())
        {
            var fields = Enumerable.Range(0, reader.FieldCount).Select(i => reader.GetString(i) ?? "").ToArray();
            if (header is null) header = fields;
            else rows.Add(header.Select((h, i) => (h, fields[i])).ToDictionary(x => x.h, x => x.Item2));
        }
        return rows;
    }

    /// <summary>Where a test leaves its screenshots: STALLSIM_SCREENSHOTS (scripts/screenshots.sh sets it to docs/img), else a temporary directory.</summary>
    public static string ScreenshotPath(string name)
    {
        var dir = Environment.GetEnvironmentVariable("STALLSIM_SCREENSHOTS") is { Length: > 0 } d ? d : Path.Combine(Path.GetTempPath(), "stallsim-screenshots");
        Directory.CreateDirectory(dir);
        return Path.Combine(dir, name);
    }
}
