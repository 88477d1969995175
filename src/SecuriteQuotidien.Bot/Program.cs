using SecuriteQuotidien.Bot.Admin;
using SecuriteQuotidien.Bot.Intake;
using SecuriteQuotidien.Bot.Help;
using SecuriteQuotidien.Bot.MyReports;
using SecuriteQuotidien.Bot.Turns;
using SecuriteQuotidien.Bot.Worklist;
using SecuriteQuotidien.BotFramework;
using SecuriteQuotidien.BotFramework.Hosting;
using SecuriteQuotidien.Domain.Departments;
using SecuriteQuotidien.Storage;

var builder = WebApplication.CreateBuilder(args);

builder.Services.AddBotFramework(builder.Configuration, builder.Environment);
builder.Services.AddBotHosting(builder.Configuration);
builder.Services.AddTableStorage(builder.Configuration);
builder.Services.AddDepartmentDirectory(builder.Configuration);
// The department file's tenant is served; BotFramework:AllowedTenants may add others.
builder.Services.AddAllowedTenants(services => [services.GetRequiredService<IDirectory>().TenantId]);
builder.Services.AddTurnKernel();
builder.Services.AddHelp();
builder.Services.AddAdmin();
builder.Services.AddDelivery(builder.Configuration);
builder.Services.AddIssueCard();
builder.Services.AddIntake();
builder.Services.AddReminders(builder.Configuration);
builder.Services.AddMyReports();
builder.Services.AddWorklist();
builder.Services.AddStatus(builder.Configuration);
builder.Services.AddExport(builder.Configuration, builder.Environment);
builder.Services.AddReferent();
builder.Services.AddDevClock();
builder.Services.AddDemoRoles();
builder.Services.AddPrivacy(builder.Configuration);
builder.Services.AddDiagnostics();
builder.Services.AddMeetings();
builder.Services.AddObservability(builder.Configuration);

var app = builder.Build();
app.Services.EnsureActionTableIsWhole();
app.LogAnonymousModeWarning();

app.MapGet("/healthz", () => Results.Ok(new { status = "ok" }));
app.MapBotEndpoint();
app.MapDevClock();
app.MapDemoRoles();
app.MapExport();

app.Run();

public partial class Program;
