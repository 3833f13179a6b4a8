from jornada.cli import main

main()
