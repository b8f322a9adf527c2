using CallGraph.Cli;
using CallGraph.Cli.Infrastructure;

int code = CliApp.Run(args, Console.Out, Console.Error);
RunStats.WriteIfRequested();
return code;
