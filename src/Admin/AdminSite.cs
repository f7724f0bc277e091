namespace Evaluation.Admin;

/// <summary>Names this assembly for hosts that start it, such as WebApplicationFactory in the tests.</summary>
public sealed class AdminSite;
