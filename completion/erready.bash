# bash completion for erready; installed by `cmake --install` into
# share/bash-completion/completions/erready.

_erready()
{
    local cur prev words cword
    if declare -F _init_completion >/dev/null 2>&1; then
        _init_completion || return
    else
        cur=${COMP_WORDS[COMP_CWORD]}
        prev=${COMP_WORDS[COMP_CWORD-1]}
        words=("${COMP_WORDS[@]}")
        cword=$COMP_CWORD
    fi

    local commands="check explain diff baseline routes formats services bundle update data version help"
    local cmd="" i
    for ((i = 1; i < cword; i++)); do
        case ${words[i]} in
            -*) ;;
            *) cmd=${words[i]}; break ;;
        esac
    done
    if [[ -z $cmd ]]; then
        COMPREPLY=($(compgen -W "$commands --help --version" -- "$cur"))
        return
    fi

    local severities="info low medium high critical never"
    case $prev in
        -f|--format)
            case $cmd in
                check) COMPREPLY=($(compgen -W "text json sarif junit csv markdown html" -- "$cur")) ;;
                explain|diff) COMPREPLY=($(compgen -W "text json" -- "$cur")) ;;
                routes) COMPREPLY=($(compgen -W "text json csv" -- "$cur")) ;;
                *) COMPREPLY=($(compgen -W "text json" -- "$cur")) ;;
            esac
            return ;;
        --fail-on)
            COMPREPLY=($(compgen -W "$severities" -- "$cur")); return ;;
        --min-severity)
            COMPREPLY=($(compgen -W "info low medium high critical" -- "$cur")); return ;;
        --color)
            COMPREPLY=($(compgen -W "auto always never" -- "$cur")); return ;;
        --input-format)
            local names
            names=$("${words[0]}" formats 2>/dev/null | awk '/^[a-z0-9]/ {print $1}')
            COMPREPLY=($(compgen -W "$names" -- "$cur")); return ;;
        -s|--services)
            COMPREPLY=($(compgen -W "powerplatform all PowerPlatformInfra PowerPlatformPlex AzureConnectors LogicApps MicrosoftAzureFluidRelay OneDsCollector AzureCloud" -- "$cur"))
            return ;;
        --region)
            COMPREPLY=($(compgen -W "westeurope northeurope francecentral germanywestcentral uksouth eastus eastus2 westus westus2 centralus canadacentral australiaeast japaneast southeastasia eastasia centralindia switzerlandnorth norwayeast swedencentral brazilsouth" -- "$cur"))
            return ;;
        --expires)
            COMPREPLY=($(compgen -W "$(date -u -d '+90 days' +%Y-%m-%d 2>/dev/null)" -- "$cur")); return ;;
        --cloud)
            COMPREPLY=($(compgen -W "public usgov china" -- "$cur")); return ;;
        --m365)
            case $cmd in
                check|explain|diff) _erready_files ;;
                *) COMPREPLY=($(compgen -W "worldwide usgovdod usgovgcchigh china" -- "$cur")) ;;
            esac
            return ;;
        --sku)
            COMPREPLY=($(compgen -W "local standard premium" -- "$cur")); return ;;
        --geography)
            COMPREPLY=($(compgen -W "Asia Canada Europe France Germany Japan United\ States" -- "$cur")); return ;;
        -p|--profile|-a|--advertised|--advertised-secondary|--internet-advertised)
            _erready_files; return ;;
        --peering-location|--route-filter|--nat-pool|--endpoint)
            return ;;
        --only)
            COMPREPLY=($(compgen -W "servicetags m365" -- "$cur")); return ;;
        --reason|--site|--vrf|--days|--search|--er-nexthop|--internet-nexthop|--internal-nexthop|--vpn-nexthop|--max-age|--warn-age|--url|--m365-url|--proxy|--timeout|--connect-timeout|--retries|--max-size|--max-drop)
            return ;;
        -o|--output|-b|--baseline|--data|--from|--cacert)
            _erready_files; return ;;
    esac

    if [[ $cur == -* ]]; then
        local opts=""
        case $cmd in
            check|explain|diff)
                opts="--services --region --geography --data --m365 --profile --advertised
                      --advertised-secondary --internet-advertised --sku --peering-location
                      --route-filter --nat-pool --endpoint --format --output --fail-on
                      --input-format --vrf --er-nexthop --internet-nexthop --internal-nexthop
                      --vpn-nexthop --strict --color --verbose --max-age --warn-age --help"
                [[ $cmd == check ]] && opts="$opts --baseline --site --timestamp" ;;
            baseline) opts="--baseline --output --reason --expires --days --min-severity --site
                            --services --region --data --input-format --vrf --er-nexthop
                            --internet-nexthop --internal-nexthop --vpn-nexthop --strict --verbose --help" ;;
            routes) opts="--format --output --input-format --vrf --er-nexthop --internet-nexthop --help" ;;
            services) opts="--search --data --services --format --help" ;;
            bundle) opts="--services --output --help" ;;
            update) opts="--cloud --m365 --only --url --m365-url --from --proxy --cacert --force
                          --timeout --connect-timeout --retries --max-size --max-drop --help" ;;
            data) opts="--format --data --max-age --warn-age --help" ;;
            *) opts="--help" ;;
        esac
        COMPREPLY=($(compgen -W "$opts" -- "$cur"))
        return
    fi
    case $cmd in
        check|explain|diff|baseline|routes|bundle) _erready_files ;;
        data) [[ ${words[cword-1]} == data ]] && COMPREPLY=($(compgen -W "diff" -- "$cur")) || _erready_files ;;
    esac
}

_erready_files()
{
    if declare -F _filedir >/dev/null 2>&1; then
        _filedir
    else
        COMPREPLY=($(compgen -f -- "$cur"))
    fi
}

complete -F _erready erready
