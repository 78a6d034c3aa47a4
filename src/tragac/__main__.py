from tragac.cli.main import main

main()
