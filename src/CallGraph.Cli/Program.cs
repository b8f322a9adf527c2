using CallGraph.Cli;
using CallGraph.Cli.Infrastructure;

GcHugePages.Advise();
int code = CliApp.Run(args, Console.Out, Console.Error);
RunStats.WriteIfRequested();
return code;
